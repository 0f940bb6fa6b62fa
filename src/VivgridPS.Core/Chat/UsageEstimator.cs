using System.Text;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Usage for a call the service did not report usage for (a cut stream, Ctrl+C, an answer without a usage block):
    /// the input is what was sent, counted as the service counts prompts; the output is what was received (text,
    /// visible reasoning, tool-call arguments). Hidden reasoning tokens cannot be seen, so it can only undercount, and
    /// the result says it is an estimate.
    /// </summary>
    internal static class UsageEstimator
    {
        /// <summary>A tokenizer-less entry: counts by UTF-8 bytes, in one pass, with no vocabulary to load.</summary>
        private static readonly VivgridPS.ModelInfo ByBytes = new VivgridPS.ModelInfo { Id = string.Empty, Tokenizer = "bytes" };

        /// <param name="quick">Ctrl+C: count by bytes, so a stop never waits for the BPE vocabulary or a long prompt.</param>
        public static TokenUsage Estimate(ChatRequest request, ChatPreflight preflight, ChatCompletion received, bool quick = false)
        {
            var counting = quick ? ByBytes : preflight.Model;
            long input = preflight.InputTokens ?? TokenCounter.CountMessages(request.Messages, counting).Count;
            var text = new StringBuilder(received.Content ?? string.Empty);
            if (received.Reasoning != null) text.Append(received.Reasoning);
            foreach (var call in received.ToolCalls) text.Append(call.Name).Append(call.ArgumentsJson);
            long output = TokenCounter.CountText(text.ToString(), counting).Count;
            return new TokenUsage { InputTokens = input, CachedInputTokens = 0, OutputTokens = output, TotalTokens = input + output };
        }
    }
}
