using System;
using System.Text;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>Builds the error for a response body that is not the JSON we expect.</summary>
    internal static class MalformedBody
    {
        public static VivgridException Create(ReadOnlySpan<byte> body, string what, Exception cause)
            => ResponseFaults.Malformed("The service returned a " + what + " body that could not be read: " + cause.Message,
                apiError: Excerpt(body), inner: cause);

        /// <summary>A body that is valid JSON but not the object the API promises (a 200 with some other JSON).</summary>
        public static VivgridException NotA(ReadOnlySpan<byte> body, string what, string why)
            => ResponseFaults.Malformed("The service answered with JSON that is not a " + what + " (" + why + ").",
                apiError: Excerpt(body));

        /// <summary>
        /// Parses a whole body; invalid UTF-8 gets the same U+FFFD repair as stream events (MalformedEvent.TryParse).
        /// </summary>
        /// <exception cref="VivgridException">MalformedResponse when the body cannot be parsed even so.</exception>
        public static void Parse(ReadOnlySpan<byte> body, string what, MalformedEvent.Parser parse)
        {
            var probe = new ChatCompletion();
            if (MalformedEvent.TryParse(body, probe, parse)) return;
            throw ResponseFaults.Malformed("The service returned a " + what + " body that could not be read: " + probe.LastMalformedError,
                apiError: Excerpt(body));
        }

        private static ApiError Excerpt(ReadOnlySpan<byte> body)
        {
            // Decode at most what we keep (plus slack for multi-byte characters); invalid bytes become U+FFFD.
            int take = Math.Min(body.Length, ApiErrorParser.MaxRawChars * 4);
            string text = Encoding.UTF8.GetString(body.Slice(0, take).ToArray()).Trim();
            return new ApiError { RawBody = ApiErrorParser.Truncate(text) };
        }
    }
}
