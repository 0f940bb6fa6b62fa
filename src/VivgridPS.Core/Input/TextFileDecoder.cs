using System;
using System.IO;
using System.Text;

namespace VivgridPS.Core.Input
{
    /// <summary>
    /// Decodes a text file into one string of exactly the right length, in two streaming passes over 64 KB chunks:
    /// the first counts the characters (and, with a strict decoder, finds invalid bytes before anything large is
    /// allocated), the second decodes straight into the result. File.ReadAllBytes + Encoding.GetString holds the
    /// whole file as bytes and as text at once; StreamReader.ReadToEnd holds a StringBuilder and its copy. Neither
    /// library call decodes into a pre-sized string, so this small loop does.
    /// Both passes read the same byte range, fixed when the file was opened: a log that is still being appended to is
    /// read as the snapshot it was then. A file rewritten between the passes (the range decodes to a different
    /// length) is read again the simple way.
    /// </summary>
    internal sealed class TextFileDecoder
    {
        private const int ChunkBytes = 64 * 1024;
        private readonly Stream _stream;
        private readonly Encoding _encoding;
        private readonly long _start;
        private readonly long _end;
        private readonly byte[] _buffer = new byte[ChunkBytes];

        /// <param name="stream">Seekable; the text is the bytes from <paramref name="start"/> (after any byte-order
        /// mark) to <paramref name="end"/> (the length when the file was opened).</param>
        public TextFileDecoder(Stream stream, Encoding encoding, long start, long end)
        {
            _stream = stream;
            _encoding = encoding;
            _start = start;
            _end = Math.Max(start, end);
        }

        /// <summary>True when the file changed between the passes and was read again whole.</summary>
        public bool ReadAgain { get; private set; }

        /// <summary><paramref name="prefix"/> followed by the decoded text.</summary>
        public string Decode(string prefix)
        {
            var count = CountChars();
            if (count == 0) return prefix;
            var total = checked(prefix.Length + (int)count);
#if NET8_0_OR_GREATER
            try
            {
                return string.Create(total, (reader: this, prefix), static (span, state) =>
                {
                    state.prefix.AsSpan().CopyTo(span);
                    state.reader.DecodeInto(span.Slice(state.prefix.Length));
                });
            }
            catch (FileChangedException)
            {
                return prefix + ReadWhole();
            }
#else
            // netstandard2.0 has no string.Create: the text is decoded into an array and copied once into the string.
            var chars = new char[total];
            prefix.CopyTo(0, chars, 0, prefix.Length);
            try
            {
                DecodeInto(new Span<char>(chars, prefix.Length, (int)count));
            }
            catch (FileChangedException)
            {
                return prefix + ReadWhole();
            }
            return new string(chars);
#endif
        }

        /// <summary>Reads until <paramref name="buffer"/> is full, <paramref name="limit"/> bytes are read, or the stream ends.</summary>
        internal static int ReadFully(Stream stream, byte[] buffer, long limit = long.MaxValue)
        {
            var want = (int)Math.Min(buffer.Length, limit);
            var filled = 0;
            int read;
            while (filled < want && (read = stream.Read(buffer, filled, want - filled)) > 0) filled += read;
            return filled;
        }

        private long CountChars()
        {
            // Decoder.GetCharCount does not carry a character split across chunks over to the next call, so the
            // count pass decodes into scratch space: a chunk decodes to at most one char per byte, plus a pending
            // multi-byte sequence from the chunk before.
            var scratch = new char[ChunkBytes + 4];
            var decoder = _encoding.GetDecoder();
            _stream.Position = _start;
            long count = 0;
            int read;
            do
            {
                read = ReadFully(_stream, _buffer, _end - _stream.Position);
                count += decoder.GetChars(_buffer, 0, read, scratch, 0, flush: read == 0);
            }
            while (read > 0);
            return count;
        }

        private unsafe void DecodeInto(Span<char> destination)
        {
            var decoder = _encoding.GetDecoder();
            _stream.Position = _start;
            var at = 0;
            int read;
            do
            {
                read = ReadFully(_stream, _buffer, _end - _stream.Position);
                try
                {
                    fixed (byte* bytes = _buffer)
                    fixed (char* chars = destination)
                    {
                        at += decoder.GetChars(bytes, read, chars + at, destination.Length - at, flush: read == 0);
                    }
                }
                catch (ArgumentException e) when (!(e is DecoderFallbackException))
                {
                    // More text than the first pass counted: the file was rewritten in between.
                    throw new FileChangedException(e);
                }
            }
            while (read > 0);
            if (at != destination.Length) throw new FileChangedException(null);
        }

        private string ReadWhole()
        {
            ReadAgain = true;
            _stream.Position = _start;
            var length = (int)(_end - _start);
            var bytes = new byte[length];
            var filled = 0;
            int read;
            while (filled < length && (read = _stream.Read(bytes, filled, length - filled)) > 0) filled += read;
            return _encoding.GetString(bytes, 0, filled);
        }

        private sealed class FileChangedException : Exception
        {
            public FileChangedException(Exception? inner) : base("The file changed while it was read.", inner)
            {
            }
        }
    }
}
