using System;
using System.IO;
using System.Text;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Input;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// A text file read as a stream (no size limit: only a block and a chunk are in memory), decoded as
    /// <see cref="TextFileReader"/> does: a byte-order mark decides, otherwise strict UTF-8; NUL bytes mean binary.
    /// </summary>
    public sealed class FileChunkSource : ChunkSource
    {
        private const int SniffBytes = 8192;
        private readonly string _path;
        private readonly long _length;

        public FileChunkSource(string path)
        {
            _path = path;
            try
            {
                var file = new FileInfo(path);
                if (!file.Exists) throw Invalid("it does not exist", "Check the path.");
                // A log still being written is read up to its length now, so both passes see the same text.
                _length = file.Length;
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                throw Invalid(e.Message, "Check the path.");
            }
            if (_length == 0) throw Invalid("it is empty, so nothing was sent for it", "Check the file; the other piped files are still processed.");
        }

        public override string Label => _path;

        public override TextReader Open()
        {
            FileStream stream;
            try
            {
                stream = new FileStream(_path, FileMode.Open, FileAccess.Read, TextFileReader.Sharing, 64 * 1024);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Invalid(e.Message, "Check that the file is readable by this account and not locked.");
            }
            var head = new byte[SniffBytes];
            var n = stream.Read(head, 0, head.Length);
            stream.Position = 0;
            var hasBom = n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))
                || n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
            if (!hasBom && Array.IndexOf(head, (byte)0, 0, n) >= 0)
            {
                stream.Dispose();
                throw Invalid("it looks binary (it contains NUL bytes)", "Convert it to text first; -Chunk reads text files.");
            }
            var limited = new LengthLimitedStream(stream, _length);
            return new StrictReader(new StreamReader(limited, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 64 * 1024), this);
        }

        private VivgridException Invalid(string why, string action) =>
            new VivgridException(VivgridErrorId.InvalidInputFile, VivgridErrorKind.InvalidData,
                $"Cannot use '{_path}' as prompt text: {why.TrimEnd('.', ' ')}.", action) { Target = _path };

        /// <summary>Turns a decoding failure in the middle of the file into the same typed error as the whole-file reader's.</summary>
        private sealed class StrictReader : TextReader
        {
            private readonly StreamReader _inner;
            private readonly FileChunkSource _source;

            public StrictReader(StreamReader inner, FileChunkSource source)
            {
                _inner = inner;
                _source = source;
            }

            public override int Read(char[] buffer, int index, int count)
            {
                try
                {
                    return _inner.Read(buffer, index, count);
                }
                catch (DecoderFallbackException)
                {
                    throw _source.Invalid("it is not valid UTF-8 text and has no byte-order mark",
                        "Convert it to UTF-8 (or save it with a byte-order mark) first.");
                }
            }

            public override int Peek() => _inner.Peek();

            public override int Read() => _inner.Read();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }

        /// <summary>Reads no further than the length the file had when the run was planned.</summary>
        private sealed class LengthLimitedStream : Http.ReadOnlyStreamView
        {
            private long _left;

            public LengthLimitedStream(Stream inner, long length) : base(inner)
            {
                _left = length;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_left <= 0) return 0;
                var read = Inner.Read(buffer, offset, (int)Math.Min(count, _left));
                _left -= read;
                return read;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) Inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
