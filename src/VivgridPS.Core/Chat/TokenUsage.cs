namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Token counts as the service reported them, normalised across the Chat Completions names
    /// (prompt_tokens/completion_tokens) and the Responses names (input_tokens/output_tokens).
    /// A null member means the service did not say.
    /// </summary>
    public sealed class TokenUsage
    {
        public long? InputTokens { get; set; }
        public long? CachedInputTokens { get; set; }
        public long? OutputTokens { get; set; }
        public long? ReasoningTokens { get; set; }
        public long? TotalTokens { get; set; }
    }
}
