using System;

namespace VivgridPS.Core.Chat
{
    /// <summary>Limits of one call: the whole-call timeout and how long a stream may stay silent.</summary>
    public sealed class ChatCallOptions
    {
        /// <summary>Bounds the whole call including retries; null = no limit.</summary>
        public TimeSpan? Timeout { get; set; }
        /// <summary>No byte for this long fails the attempt (before the first byte) or the stream (after).</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);
        /// <summary>Report redacted request/response dumps as Debug events (only built when someone reads them).</summary>
        public bool EmitDebug { get; set; }
        /// <summary>Size limit for -Debug request/response dumps.</summary>
        public int DebugLimitChars { get; set; } = 4096;
        /// <summary>Caps on what the server can make the call hold: one event, one body, one answer.</summary>
        public Http.ResponseLimits Limits { get; set; } = Http.ResponseLimits.Default;
    }
}
