using System.Linq;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Chat
{
    /// <summary>Builds the flat user-facing <see cref="VivgridPS.ChatResult"/> from a finished call.</summary>
    public static class ChatResultFactory
    {
        /// <param name="interrupted">The answer broke off or was stopped: FinishReason says interrupted whatever the wire said.</param>
        public static VivgridPS.ChatResult Create(ChatRequest request, ChatCompletion completion, decimal? costUsd, object? source, bool interrupted = false)
        {
            var toolCalls = completion.ToolCalls
                .Select(c => new VivgridPS.ToolCall { Id = c.Id ?? string.Empty, Name = c.Name ?? string.Empty, ArgumentsJson = c.ArgumentsJson ?? string.Empty })
                .ToArray();
            var answer = new VivgridPS.ChatMessage("assistant", completion.Content) { ToolCalls = toolCalls };
            var result = new VivgridPS.ChatResult
            {
                Content = completion.Content ?? string.Empty,
                ToolCalls = toolCalls,
                Model = completion.Model ?? request.Model,
                RequestedModel = request.Model,
                FinishReason = interrupted ? "interrupted" : NormalizeFinishReason(completion),
                CostUsd = costUsd,
                Source = source,
                Messages = request.Messages.Concat(new[] { answer }).ToArray(),
                Id = completion.Id,
                Created = completion.Created,
                Refusal = completion.Refusal,
                Reasoning = completion.Reasoning,
                ServerToolCalls = completion.ServerToolCalls.ToArray(),
            };
            TokenTotals.From(completion.Usage).CopyTo(result);
            return result;
        }

        /// <summary>
        /// One vocabulary for both APIs: the Responses API says status=incomplete with reason max_output_tokens
        /// where Chat Completions says finish_reason=length.
        /// </summary>
        public static string? NormalizeFinishReason(ChatCompletion completion)
        {
            if (completion.ToolCalls.Count > 0 && completion.FinishReason is null or "stop" && completion.Status != null) return "tool_calls";
            if (completion.Status == "incomplete")
            {
                return completion.IncompleteReason == "content_filter" ? "content_filter" : "length";
            }
            if (completion.Status == "completed" && completion.FinishReason is null) return "stop";
            return completion.FinishReason;
        }
    }
}
