using System;

namespace VivgridPS
{
    /// <summary>One line of the usage ledger: a completed, failed-after-usage or interrupted call.</summary>
    public sealed class UsageRecord
    {
        public DateTimeOffset Time { get; set; }
        public string? Model { get; set; }
        public string? RequestedModel { get; set; }
        public long InputTokens { get; set; }
        public long CachedInputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        public decimal? CostUsd { get; set; }
        public TimeSpan Duration { get; set; }
        /// <summary>completed, interrupted or failed.</summary>
        public string Status { get; set; } = "completed";
        public string? Tag { get; set; }
        public string? HostName { get; set; }
        public string? ScriptPath { get; set; }
        public string? Source { get; set; }
        /// <summary>Prompt text, only with -LogContent.</summary>
        public string? Prompt { get; set; }
        /// <summary>Answer text, only with -LogContent.</summary>
        public string? Response { get; set; }
    }
}
