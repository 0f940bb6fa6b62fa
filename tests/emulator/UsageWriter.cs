using System.Text.Json;

namespace VivgridEmulator;

/// <summary>Writes the usage object in the Chat Completions or Responses shape, or the scripted one verbatim.</summary>
internal static class UsageWriter
{
    public static void WriteChat(Utf8JsonWriter w, ReplyPlan plan)
    {
        w.WritePropertyName("usage");
        if (plan.UsageOverride is JsonElement custom)
        {
            custom.WriteTo(w);
            return;
        }

        w.WriteStartObject();
        w.WriteNumber("prompt_tokens", plan.PromptTokens);
        w.WriteNumber("completion_tokens", plan.CompletionTokens);
        w.WriteNumber("total_tokens", plan.PromptTokens + plan.CompletionTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", plan.ReasoningTokens);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteResponses(Utf8JsonWriter w, ReplyPlan plan)
    {
        w.WritePropertyName("usage");
        if (plan.UsageOverride is JsonElement custom)
        {
            custom.WriteTo(w);
            return;
        }

        w.WriteStartObject();
        w.WriteNumber("input_tokens", plan.PromptTokens);
        w.WriteStartObject("input_tokens_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteEndObject();
        w.WriteNumber("output_tokens", plan.CompletionTokens);
        w.WriteStartObject("output_tokens_details");
        w.WriteNumber("reasoning_tokens", plan.ReasoningTokens);
        w.WriteEndObject();
        w.WriteNumber("total_tokens", plan.PromptTokens + plan.CompletionTokens);
        w.WriteEndObject();
    }
}
