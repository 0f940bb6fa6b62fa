using System;
using System.Globalization;
using System.IO;
using System.Text;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Input
{
    /// <summary>
    /// Reads a text file for a prompt (pipeline rule 2): BOM-aware (UTF-8/UTF-16/UTF-32), UTF-8 otherwise, and
    /// refuses binary files with an error for that item instead of sending garbage the user pays for. A file with a
    /// byte-order mark declares itself text, so a stray invalid sequence in it becomes U+FFFD, as editors show it;
    /// without one, invalid UTF-8 means it is not text (or not UTF-8) and is refused.
    /// </summary>
    public static class TextFileReader
    {
        private const int SniffBytes = 8192;
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        /// <summary>Files larger than this are refused: a prompt of 64 MB is far past every model's context window.</summary>
        public const long DefaultMaxBytes = 64L * 1024 * 1024;

        /// <summary>
        /// How input files are opened. Windows enforces share modes: ReadWrite lets us read a log its writer still holds
        /// open (loggers share Read), and Delete lets a log rotator rename or delete it while we read.
        /// </summary>
        internal const FileShare Sharing = FileShare.ReadWrite | FileShare.Delete;

        public static string Read(string path, long maxBytes = DefaultMaxBytes) => Read(path, null, maxBytes);

        /// <summary>
        /// Reads the file as <paramref name="prefix"/> followed by its text, in one string. A prompt's instruction
        /// goes in front of a piped file's text; building the message here instead of concatenating afterwards
        /// keeps a 1.6 MB file from existing as bytes, as text and as instruction + text at once (see
        /// <see cref="TextFileDecoder"/>).
        /// </summary>
        public static string Read(string path, string? prefix, long maxBytes = DefaultMaxBytes)
        {
            FileInfo file;
            try
            {
                file = new FileInfo(path);
                if (!file.Exists) throw Invalid(path, "it does not exist", "Check the path.");
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                throw Invalid(path, e.Message, "Check the path.");
            }
            if (file.Length > maxBytes) throw TooBig(path, file.Length.ToString("N0", CultureInfo.InvariantCulture), maxBytes);
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, Sharing, bufferSize: 1);
                return Decode(path, stream, prefix, maxBytes);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw Invalid(path, e.Message, "Check that the file is readable by this account and not locked.");
            }
        }

        /// <summary>
        /// Decodes the file's bytes as they are now; <paramref name="path"/> names it in errors. A log that is still
        /// growing is read up to its length at this moment, so the limit holds and the text is one snapshot.
        /// </summary>
        internal static string Decode(string path, Stream stream, string? prefix, long maxBytes = DefaultMaxBytes)
        {
            // Pipes (mkfifo, process substitution) cannot seek, and /proc-style files report length 0: read those
            // into memory, within the limit, and decode the copy.
            if (!stream.CanSeek || stream.Length == 0) stream = CopyWithinLimit(path, stream, maxBytes);
            var end = stream.Length;
            if (end > maxBytes) throw TooBig(path, end.ToString("N0", CultureInfo.InvariantCulture), maxBytes);
            var head = new byte[SniffBytes];
            var headLength = TextFileDecoder.ReadFully(stream, head, end);
            var encoding = DetectBom(head, headLength, out var skip);
            if (encoding is null)
            {
                if (Array.IndexOf(head, (byte)0, 0, headLength) >= 0) throw Invalid(path, "it looks binary (it contains NUL bytes)", BinaryAdvice);
                encoding = StrictUtf8;
            }
            try
            {
                return new TextFileDecoder(stream, encoding, skip, end).Decode(prefix ?? string.Empty);
            }
            catch (DecoderFallbackException)
            {
                throw Invalid(path, "it is not valid UTF-8 text and has no byte-order mark", BinaryAdvice);
            }
        }

        private static MemoryStream CopyWithinLimit(string path, Stream stream, long maxBytes)
        {
            var copy = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                copy.Write(chunk, 0, read);
                if (copy.Length > maxBytes) throw TooBig(path, "more than " + maxBytes.ToString("N0", CultureInfo.InvariantCulture), maxBytes);
            }
            copy.Position = 0;
            return copy;
        }

        private static VivgridException TooBig(string path, string size, long maxBytes) =>
            Invalid(path, $"it is {size} bytes, over the {maxBytes.ToString("N0", CultureInfo.InvariantCulture)}-byte limit for one prompt",
                "Split the file, or pipe only the part you need (Get-Content -Tail / Select-String).");

        private const string BinaryAdvice =
            "Pass images and PDFs with -Attachment; convert other binary files to text first (e.g. Get-Content -Encoding <enc>).";

        private static Encoding? DetectBom(byte[] b, int n, out int skip)
        {
            skip = 0;
            if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) { skip = 4; return new UTF32Encoding(false, true); }
            if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) { skip = 4; return new UTF32Encoding(true, true); }
            if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) { skip = 3; return new UTF8Encoding(false); }
            if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) { skip = 2; return new UnicodeEncoding(false, true); }
            if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) { skip = 2; return new UnicodeEncoding(true, true); }
            return null;
        }

        private static VivgridException Invalid(string path, string why, string action) =>
            new VivgridException(VivgridErrorId.InvalidInputFile, VivgridErrorKind.InvalidData,
                $"Cannot use '{path}' as prompt text: {why.TrimEnd('.', ' ')}.", action) { Target = path };
    }
}
