namespace VivgridPS.Core.Tokens
{
    /// <summary>A token count and whether it is exact (o200k_base text) or an approximation (unknown tokenizer, images).</summary>
    public readonly struct TokenCountResult
    {
        public TokenCountResult(int count, bool isEstimate)
        {
            Count = count;
            IsEstimate = isEstimate;
        }

        public int Count { get; }
        public bool IsEstimate { get; }

        public override string ToString() => (IsEstimate ? "~" : string.Empty) + Count;
    }
}
