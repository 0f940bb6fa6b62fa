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
        public static TokenUsage Estimate(ChatRequest request, ChatPreflight preflight, ChatCompletion received)
        {
            long input = preflight.InputTokens ?? TokenCounter.CountMessages(request.Messages, preflight.Model).Count;
            var text = new StringBuilder(received.Content ?? string.Empty);
            if (received.Reasoning != null) text.Append(received.Reasoning);
            foreach (var call in received.ToolCalls) text.Append(call.Name).Append(call.ArgumentsJson);
            long output = TokenCounter.CountText(text.ToString(), preflight.Model).Count;
            return new TokenUsage { InputTokens = input, CachedInputTokens = 0, OutputTokens = output, TotalTokens = input + output };
        }
    }
}
