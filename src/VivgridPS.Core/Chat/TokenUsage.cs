namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Token counts as the service reported them, normalised across the Chat Completions names
    /// (prompt_tokens/completion_tokens) and the Responses names (input_tokens/output_tokens).
    /// A null member means the service did not say.
    /// </summary>
    public sealed class TokenUsage
    {
        public int? InputTokens { get; set; }
        public int? CachedInputTokens { get; set; }
        public int? OutputTokens { get; set; }
        public int? ReasoningTokens { get; set; }
        public int? TotalTokens { get; set; }
    }
}
