using System;

namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// The one exception type of the core. It carries its data as fields (openai-dotnet users asked for the code as a
    /// field, not only in the text) so the cmdlet layer can build an ErrorRecord without parsing messages.
    /// Its message never contains the API key: callers build messages from service text that has been redacted.
    /// </summary>
    public sealed class VivgridException : Exception
    {
        public VivgridException(string errorId, VivgridErrorKind kind, string message, string? recommendedAction = null,
            ApiError? apiError = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            RecommendedAction = recommendedAction;
            ApiError = apiError;
        }

        /// <summary>Stable id from <see cref="VivgridErrorId"/>.</summary>
        public string ErrorId { get; }
        public VivgridErrorKind Kind { get; }
        public string? RecommendedAction { get; }
        public ApiError? ApiError { get; }
        public int? HttpStatus => ApiError?.HttpStatus;
        /// <summary>How long the service asked us to wait (Retry-After / retry-after-ms), when it said.</summary>
        public TimeSpan? RetryAfter { get; set; }
        /// <summary>True when a retry may succeed (transient status, connection failure before the first byte).</summary>
        public bool IsTransient { get; set; }
        /// <summary>What the caller had already received before the failure (partial text is never thrown away).</summary>
        public object? PartialResult { get; set; }
        /// <summary>What the error is about: the model id, the file path, the request.</summary>
        public object? Target { get; set; }
    }
}
