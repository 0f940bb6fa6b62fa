namespace VivgridPS
{
    /// <summary>What a call would cost before it is made (Measure-VivgridCost estimate mode, -WhatIf, -MaxCost).</summary>
    public sealed class CostEstimate
    {
        public string Model { get; set; } = string.Empty;
        public int InputTokens { get; set; }
        public decimal? InputCostUsd { get; set; }
        public int MaxOutputTokens { get; set; }
        public decimal? MaxOutputCostUsd { get; set; }
        public decimal? MaxTotalCostUsd { get; set; }
        public int? ContextWindow { get; set; }
        public bool? FitsContext { get; set; }
        /// <summary>True when the model has no known tokenizer and the count is an approximation.</summary>
        public bool IsEstimate { get; set; }
        public object? Source { get; set; }
    }
}
