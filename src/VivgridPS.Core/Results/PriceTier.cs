namespace VivgridPS
{
    /// <summary>Prices that apply when the prompt has more than <see cref="AboveInputTokens"/> input tokens.</summary>
    public sealed class PriceTier
    {
        public int AboveInputTokens { get; set; }
        public decimal? InputPricePerMillion { get; set; }
        public decimal? CachedInputPricePerMillion { get; set; }
        public decimal? OutputPricePerMillion { get; set; }
    }
}
