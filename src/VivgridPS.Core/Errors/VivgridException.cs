using System;

namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// The one exception type of the core. It carries its data as fields (openai-dotnet users asked for the code as a
    /// field, not only in the text) so the cmdlet layer can build an ErrorRecord without parsing messages.
    /// Its message never contains the API key: callers build messages from service text that has been redacted.
    /// Immutable once thrown: a catcher that knows more (e.g. "this may be retried") throws a new one with
    /// <see cref="AsTransient"/>, so no later catch can silently change what an earlier one decided.
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
        public TimeSpan? RetryAfter { get; init; }
        /// <summary>True when a retry may succeed (transient status, connection failure before the first byte).</summary>
        public bool IsTransient { get; init; }
        /// <summary>What the error is about: the model id, the file path, the request.</summary>
        public object? Target { get; init; }
        /// <summary>The request was never sent (e.g. the rate-limit gate stopped on an exhausted quota): no ledger line.</summary>
        public bool NotSent { get; init; }

        /// <summary>The same error, marked as worth a retry (a stream that broke before any text was shown).</summary>
        public VivgridException AsTransient() => IsTransient ? this : With(Message, isTransient: true);

        /// <summary>The same error with more said at the end of its message (e.g. the closest catalog ids).</summary>
        public VivgridException WithMessage(string message, object? target) =>
            new VivgridException(ErrorId, Kind, message, RecommendedAction, ApiError, InnerException)
            {
                RetryAfter = RetryAfter,
                IsTransient = IsTransient,
                Target = target ?? Target,
            };

        private VivgridException With(string message, bool isTransient) =>
            new VivgridException(ErrorId, Kind, message, RecommendedAction, ApiError, this)
            {
                RetryAfter = RetryAfter,
                IsTransient = isTransient,
                Target = Target,
            };
    }
}
