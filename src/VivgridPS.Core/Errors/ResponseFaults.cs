using System;
using System.Globalization;

namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// The errors for answers that are the server's fault in content, not in transport: too large or malformed.
    /// Retrying would send (and pay for) the same request to get the same bad answer, so they are never transient.
    /// </summary>
    public static class ResponseFaults
    {
        public static bool IsContentFault(VivgridException e) =>
            e.ErrorId == VivgridErrorId.ResponseTooLarge || e.ErrorId == VivgridErrorId.MalformedResponse;

        /// <summary>ResponseTooLarge naming what passed which cap (the text so far stays with the accumulator).</summary>
        public static VivgridException TooLarge(string what, long limit, string unit) =>
            new VivgridException(VivgridErrorId.ResponseTooLarge, VivgridErrorKind.LimitsExceeded,
                string.Format(CultureInfo.InvariantCulture,
                    "The service sent {0} larger than the module's limit of {1:N0} {2}; reading stopped there and the text received so far is kept.",
                    what, limit, unit),
                "A real answer is far smaller: check -BaseUri and any proxy between you and the service; lower -MaxOutputTokens if the model really writes this much.");

        /// <summary>MalformedResponse for an answer that arrived but is not what the API promises.</summary>
        public static VivgridException Malformed(string message, ApiError? apiError = null, Exception? inner = null) =>
            new VivgridException(VivgridErrorId.MalformedResponse, VivgridErrorKind.ProtocolError, message,
                "Retry the request; if it keeps failing, check -BaseUri and any proxy between you and the service.", apiError, inner);
    }
}
