using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Streaming
{
    /// <summary>
    /// Reads Vivgrid's compact stream (`c: "text"` frames, VIVGRID-API.md §2) and feeds each frame to an accumulator,
    /// yielding text deltas as they arrive.
    /// </summary>
    /// <remarks>
    /// Written by hand because no library knows this format. It is at least as tolerant as Vivgrid's own clients:
    /// every line is a frame (LF or CRLF; blank lines separate frames), `^([a-z]):\s*(.*)$`, anything else is
    /// skipped. Lines are split on the LF byte, which never occurs inside a UTF-8 sequence, so characters split
    /// across reads are whole again before they are decoded. A line longer than <see cref="MaxFrameBytes"/> is a
    /// hostile or broken answer and fails the call instead of growing the buffer without bound.
    /// </remarks>
    public static class CompactStreamReader
    {
        /// <summary>Far above any real frame (a usage object, a tool result); protects memory from an endless line.</summary>
        public const int MaxFrameBytes = 16 * 1024 * 1024;

        private static readonly string[] Prefixes = BuildPrefixes();

        /// <summary>
        /// Yields each non-empty text delta; stops after the p: frame without reading further. A stream that simply
        /// ends is not an error here (<see cref="ChatCompletion.Truncated"/> says so and the caller decides); a broken
        /// connection becomes StreamInterrupted and a stalled one the idle timeout, both transient.
        /// </summary>
        public static async IAsyncEnumerable<string> ReadAsync(Stream stream, IStreamAccumulator acc,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            if (acc is null) throw new ArgumentNullException(nameof(acc));
            var buffer = new byte[8192];
            var filled = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (filled == buffer.Length) buffer = Grow(buffer);
                var read = await ReadSomeAsync(stream, buffer, filled, ct).ConfigureAwait(false);
                var end = read == 0;
                filled += read;
                var start = 0;
                while (true)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start);
                    // At the end of the body the last line counts even without its line feed.
                    if (newline < 0 && !(end && start < filled)) break;
                    var lineEnd = newline < 0 ? filled : newline;
                    var delta = ApplyLine(acc, new ReadOnlySpan<byte>(buffer, start, lineEnd - start));
                    start = newline < 0 ? filled : newline + 1;
                    if (delta != null) yield return delta;
                    if (acc.IsTerminal) yield break;
                }
                if (end) yield break;
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }
        }

        /// <summary>Splits one line into prefix and data and applies it; null when it adds no text.</summary>
        internal static string? ApplyLine(IStreamAccumulator acc, ReadOnlySpan<byte> line)
        {
            if (line.Length > 0 && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
            if (line.Length < 2 || line[1] != (byte)':' || line[0] < (byte)'a' || line[0] > (byte)'z') return null;
            var data = line.Slice(2);
            while (data.Length > 0 && (data[0] == (byte)' ' || data[0] == (byte)'\t')) data = data.Slice(1);
            return acc.Apply(Prefixes[line[0] - 'a'], data);
        }

        private static byte[] Grow(byte[] buffer)
        {
            if (buffer.Length >= MaxFrameBytes)
            {
                throw new VivgridException(VivgridErrorId.MalformedResponse, VivgridErrorKind.ProtocolError,
                    $"A frame of the Vivgrid stream is longer than {MaxFrameBytes / (1024 * 1024)} MB; the answer is broken or hostile.",
                    "Retry with -WireFormat OpenAI; report the problem if it persists.");
            }
            var bigger = new byte[Math.Min(MaxFrameBytes, buffer.Length * 2)];
            Buffer.BlockCopy(buffer, 0, bigger, 0, buffer.Length);
            return bigger;
        }

        private static async Task<int> ReadSomeAsync(Stream stream, byte[] buffer, int offset, CancellationToken ct)
        {
            try
            {
                return await stream.ReadAsync(buffer, offset, buffer.Length - offset, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (StreamReadFailure.Applies(ex))
            {
                throw StreamReadFailure.Translate(ex, ct);
            }
        }

        /// <summary>One interned string per letter, so frames cost no allocation for their type.</summary>
        private static string[] BuildPrefixes()
        {
            var prefixes = new string[26];
            for (var i = 0; i < 26; i++) prefixes[i] = ((char)('a' + i)).ToString();
            return prefixes;
        }
    }
}
