using System.Collections.Generic;
using System.Globalization;
using System.Text;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Input
{
    /// <summary>
    /// One limit on the text of a request, however it got in: piped lines, objects, files, -Prompt, -Messages,
    /// -SystemPrompt. It is the file limit (<see cref="TextFileReader.DefaultMaxBytes"/>), counted in UTF-8 bytes as
    /// the text goes on the wire: a piped file and the same text piped as lines are refused alike.
    /// </summary>
    public static class InputSizeGuard
    {
        public const long MaxBytes = TextFileReader.DefaultMaxBytes;

        /// <exception cref="VivgridException">InvalidRequest naming the size and the limit.</exception>
        public static void Check(IEnumerable<VivgridPS.ChatMessage> messages, long maxBytes = MaxBytes)
        {
            long chars = 0;
            foreach (var message in messages) chars += message.Content?.Length ?? 0;
            // UTF-8 takes at most 3 bytes per UTF-16 char: most requests are cleared without encoding anything.
            if (chars * 3 <= maxBytes) return;
            long bytes = 0;
            foreach (var message in messages) bytes += message.Content is null ? 0 : Encoding.UTF8.GetByteCount(message.Content);
            if (bytes <= maxBytes) return;
            throw new VivgridException(VivgridErrorId.InvalidRequest, VivgridErrorKind.LimitsExceeded,
                string.Format(CultureInfo.InvariantCulture,
                    "The input is {0:N0} bytes of text, over the {1:N0}-byte limit for one request; nothing was sent.", bytes, maxBytes),
                "Split the input (Get-Content -ReadCount / Select-Object -First), or pipe only the part you need (Get-Content -Tail / Select-String).");
        }
    }
}
