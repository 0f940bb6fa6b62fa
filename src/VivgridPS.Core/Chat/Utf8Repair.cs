using System;
using System.Text;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Invalid UTF-8 inside a JSON string makes Utf8JsonReader.GetString throw, which would cost the whole event.
    /// Text with a bad byte is still text: the bytes are decoded with U+FFFD for each invalid sequence (as every
    /// browser does) and the event is parsed again. Only the failure path pays for this.
    /// </summary>
    internal static class Utf8Repair
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private static readonly UTF8Encoding Lenient = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        /// <summary>True, with the repaired bytes, when <paramref name="data"/> holds invalid UTF-8.</summary>
        public static bool TryRepair(ReadOnlySpan<byte> data, out byte[] repaired)
        {
            byte[] copy = data.ToArray();
            try
            {
                Strict.GetCharCount(copy);
                repaired = Array.Empty<byte>();
                return false;
            }
            catch (DecoderFallbackException)
            {
                repaired = Lenient.GetBytes(Lenient.GetString(copy));
                return true;
            }
        }
    }
}
