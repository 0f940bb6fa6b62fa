using System;

namespace VivgridPS.Core.Chat
{
    /// <summary>Limits of one call: the whole-call timeout and how long a stream may stay silent.</summary>
    public sealed class ChatCallOptions
    {
        /// <summary>Bounds the whole call including retries; null = no limit.</summary>
        public TimeSpan? Timeout { get; set; }
        /// <summary>
        /// 600 s, the read timeout of OpenAI's own SDKs (openai-python/openai-node: 10 minutes): a high-effort reasoning
        /// call sends nothing until its first delta, which can take minutes, so the old 120 s killed legitimate calls.
        /// </summary>
        public const int DefaultIdleTimeoutSeconds = 600;

        /// <summary>No byte for this long fails the attempt (before the first byte) or the stream (after).</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(DefaultIdleTimeoutSeconds);
        /// <summary>Report redacted request/response dumps as Debug events (only built when someone reads them).</summary>
        public bool EmitDebug { get; set; }
        /// <summary>
        /// Whether an attempt the service accepted (2xx) but that broke before any text may be retried. False under
        /// -MaxCost: the service may bill an accepted attempt, so a retry could pay twice and cross the budget.
        /// </summary>
        public bool RetryAcceptedAttempts { get; set; } = true;
        /// <summary>Size limit for -Debug request/response dumps.</summary>
        public int DebugLimitChars { get; set; } = 4096;
        /// <summary>Caps on what the server can make the call hold: one event, one body, one answer.</summary>
        public Http.ResponseLimits Limits { get; set; } = Http.ResponseLimits.Default;
    }
}
