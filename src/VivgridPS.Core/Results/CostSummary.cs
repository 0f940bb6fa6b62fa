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
        public decimal TotalCostUsd { get; set; }
    }
}
