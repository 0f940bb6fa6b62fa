namespace VivgridPS
{
    /// <summary>
    /// What a -Chunk run would send and cost at worst, before anything is sent (Measure-VivgridCost -Chunk, and the
    /// figures -WhatIf shows). The map requests are counted exactly; the combining (reduce) requests depend on the
    /// answers, so they are counted at their worst case: every answer as long as MaxOutputTokens.
    /// </summary>
    public sealed class ChunkEstimate
    {
        public string Model { get; set; } = string.Empty;
        /// <summary>The file path, or "(piped lines)".</summary>
        public object? Source { get; set; }
        /// <summary>Chunks the input splits into: one map request each.</summary>
        public int Chunks { get; set; }
        public long Lines { get; set; }
        /// <summary>Most tokens of input text in one chunk (the budget: window minus prompt, system prompt, schema and output reserve, or -ChunkTokens).</summary>
        public int ChunkTokens { get; set; }
        /// <summary>Input tokens of all map requests (prompt, system prompt, schema and chunk each), counted exactly.</summary>
        public long InputTokens { get; set; }
        /// <summary>max_completion_tokens of every request of the run (-MaxOutputTokens, the default, or what -MaxCost affords).</summary>
        public int MaxOutputTokens { get; set; }
        /// <summary>Combining requests at worst (every partial answer MaxOutputTokens long); fewer when answers are shorter.</summary>
        public int MaxReduceRequests { get; set; }
        /// <summary>Chunks plus MaxReduceRequests.</summary>
        public int MaxRequests { get; set; }
        /// <summary>Input tokens of the combining requests at worst.</summary>
        public long MaxReduceInputTokens { get; set; }
        /// <summary>Worst-case USD for the whole run: every input at the input price plus every request's MaxOutputTokens at the output price; null when a price is unknown.</summary>
        public decimal? MaxTotalCostUsd { get; set; }
        public int? ContextWindow { get; set; }
    }
}
