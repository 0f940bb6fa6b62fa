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
        /// <summary>Tokens and cost counted locally (the service reported no usage), as ChatResult.IsEstimate.</summary>
        public bool IsEstimate { get; set; }
        /// <summary>The HTTP status of a failed call, when the service answered one.</summary>
        public int? HttpStatus { get; set; }
        /// <summary>The reported cost went past -MaxCost (the service billed more than the module capped for).</summary>
        public bool OverBudget { get; set; }
        public string? Tag { get; set; }
        /// <summary>The -Chunk run this request belongs to: every map and reduce request of one run has the same id.</summary>
        public string? Run { get; set; }
        public string? HostName { get; set; }
        public string? ScriptPath { get; set; }
        public string? Source { get; set; }
        /// <summary>Prompt text, only with -LogContent.</summary>
        public string? Prompt { get; set; }
        /// <summary>Answer text, only with -LogContent.</summary>
        public string? Response { get; set; }
    }
}
