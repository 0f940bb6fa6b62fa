namespace VivgridPS
{
    /// <summary>Totals over results or ledger records (Measure-VivgridCost sum mode).</summary>
    public sealed class CostSummary
    {
        /// <summary>The group key when -GroupBy was used, else null.</summary>
        public string? Group { get; set; }
        public int Count { get; set; }
        public long InputTokens { get; set; }
        public long CachedInputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        /// <summary>The sum of the known costs; null when none of the results had a price (not a made-up 0).</summary>
        public decimal? TotalCostUsd { get; set; }
    }
}
