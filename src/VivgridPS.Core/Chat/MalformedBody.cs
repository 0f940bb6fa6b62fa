using System;
using System.Text;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>Builds the error for a response body that is not the JSON we expect.</summary>
    internal static class MalformedBody
    {
        public static VivgridException Create(ReadOnlySpan<byte> body, string what, Exception cause)
        {
            // Decode at most what we keep (plus slack for multi-byte characters); invalid bytes become U+FFFD.
            int take = Math.Min(body.Length, ApiErrorParser.MaxRawChars * 4);
            string text = Encoding.UTF8.GetString(body.Slice(0, take).ToArray()).Trim();
            var apiError = new ApiError { RawBody = ApiErrorParser.Truncate(text) };
            return new VivgridException(VivgridErrorId.MalformedResponse, VivgridErrorKind.ProtocolError,
                "The service returned a " + what + " body that could not be read: " + cause.Message,
                "Retry the request; if it keeps failing, check any proxy between you and the service.", apiError, cause);
        }
    }
}
