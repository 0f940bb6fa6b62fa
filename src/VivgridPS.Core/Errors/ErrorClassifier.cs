using System;

namespace VivgridPS.Core.Errors
{
    /// <summary>Turns an HTTP failure and the service's error body into the module's typed exception (SPEC §3).</summary>
    public static class ErrorClassifier
    {
        public static VivgridException FromHttp(ApiError error, string? apiKey, TimeSpan? retryAfter)
        {
            var status = error.HttpStatus ?? 0;
            var said = SecretRedactor.Redact(error.Message ?? error.RawBody, apiKey);
            var codeText = SecretRedactor.Redact(error.Code ?? error.Type, apiKey);
            if (codeText.Length == 0) codeText = null;
            var message = $"The Vivgrid service returned HTTP {status}" + (codeText is null ? "" : $" ({codeText})")
                          + (string.IsNullOrEmpty(said) ? "." : ": " + said);
            var (id, kind, action) = Classify(status, error);
            return new VivgridException(id, kind, message, action, Sanitize(error, apiKey))
            {
                RetryAfter = retryAfter,
                IsTransient = Http.RetryPolicy.IsRetryableStatus(status) && !IsQuotaExhausted(error),
            };
        }

        private static (string Id, VivgridErrorKind Kind, string Action) Classify(int status, ApiError error)
        {
            var code = error.Code ?? string.Empty;
            switch (status)
            {
                case 401:
                    return (VivgridErrorId.ApiKeyRejected, VivgridErrorKind.Authentication,
                        "Check the key in $env:VIVGRID_API_KEY or -ApiKey; create a new one in the Vivgrid console if it was revoked.");
                case 403:
                    return (VivgridErrorId.PermissionDenied, VivgridErrorKind.PermissionDenied,
                        "The key is valid but not allowed to do this; check the project's permissions in the Vivgrid console.");
                case 404 when code.IndexOf("model", StringComparison.OrdinalIgnoreCase) >= 0
                              || (error.Message ?? "").IndexOf("model", StringComparison.OrdinalIgnoreCase) >= 0:
                    return (VivgridErrorId.ModelNotFound, VivgridErrorKind.NotFound,
                        "Pick a model from Get-VivgridModel, or omit -Model to use the service default.");
                case 404:
                    return (VivgridErrorId.InvalidRequest, VivgridErrorKind.NotFound,
                        "Check -BaseUri / $env:VIVGRID_BASE_URL; it should end in /v1.");
                case 408:
                    return (VivgridErrorId.Timeout, VivgridErrorKind.Timeout, "Retry later or raise -TimeoutSec.");
                case 429 when IsQuotaExhausted(error):
                    return (VivgridErrorId.RateLimited, VivgridErrorKind.LimitsExceeded,
                        "The account's quota is used up; check billing in the Vivgrid console.");
                case 429:
                    return (VivgridErrorId.RateLimited, VivgridErrorKind.LimitsExceeded,
                        "Slow down: lower -ThrottleLimit, or raise -MaxRetries so the module waits as the service asks.");
                case 400 when code.Equals("context_length_exceeded", StringComparison.OrdinalIgnoreCase):
                    return (VivgridErrorId.ContextWindowExceeded, VivgridErrorKind.LimitsExceeded,
                        "Shorten the input (split the file, or summarize parts first) or use a model with a larger context window.");
                case 400:
                case 422:
                    return (VivgridErrorId.InvalidRequest, VivgridErrorKind.InvalidArgument,
                        "Fix the parameter the service names (see ErrorDetails); run with -Debug to see the request.");
                default:
                    return status >= 500
                        ? (VivgridErrorId.ServerError, VivgridErrorKind.ResourceUnavailable,
                            "The service failed. Failures like this are retried up to -MaxRetries times (3 by default); try again later.")
                        : (VivgridErrorId.InvalidRequest, VivgridErrorKind.InvalidData,
                            "Unexpected response; run with -Debug to see the request and response.");
            }
        }

        /// <summary>
        /// A 429 that waiting cannot fix: OpenAI's insufficient_quota, or an error that says the quota or balance is
        /// exhausted (Vivgrid's exact code is undocumented, VIVGRID-API.md §6).
        /// </summary>
        public static bool IsQuotaExhausted(ApiError error)
        {
            if (string.Equals(error.Code, "insufficient_quota", StringComparison.OrdinalIgnoreCase)
                || string.Equals(error.Type, "insufficient_quota", StringComparison.OrdinalIgnoreCase)) return true;
            var text = ((error.Code ?? "") + " " + (error.Type ?? "") + " " + (error.Message ?? "")).ToLowerInvariant();
            var about = text.Contains("quota") || text.Contains("balance") || text.Contains("credit");
            var gone = text.Contains("exhausted") || text.Contains("insufficient") || text.Contains("used up")
                       || text.Contains("run out") || text.Contains("ran out") || text.Contains("depleted");
            return about && gone;
        }

        /// <summary>Whether a failure is an exhausted quota (429), which stops the rate-limit gate.</summary>
        public static bool IsQuotaExhausted(VivgridException failure) =>
            failure.HttpStatus == 429 && failure.ApiError is { } error && IsQuotaExhausted(error);

        private static ApiError Sanitize(ApiError error, string? apiKey) => new ApiError
        {
            HttpStatus = error.HttpStatus,
            // Every field is the service's text and any of them may echo what it was sent.
            Type = RedactOrNull(error.Type, apiKey),
            Code = RedactOrNull(error.Code, apiKey),
            Param = RedactOrNull(error.Param, apiKey),
            RequestId = RedactOrNull(error.RequestId, apiKey),
            Message = RedactOrNull(error.Message, apiKey),
            RawBody = RedactOrNull(error.RawBody, apiKey),
        };

        private static string? RedactOrNull(string? text, string? apiKey) => text is null ? null : SecretRedactor.Redact(text, apiKey);
    }
}
