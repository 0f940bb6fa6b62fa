using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Reads usage objects. Only the documented placements count (cached tokens under prompt/input details, reasoning
    /// tokens under completion/output details); provider-specific top-level copies are ignored so every provider's
    /// numbers mean the same thing.
    /// </summary>
    internal static class UsageReader
    {
        /// <summary>Chat Completions usage; reader on the object's StartObject.</summary>
        public static TokenUsage ReadChatUsage(ref Utf8JsonReader reader) =>
            Read(ref reader, "prompt_tokens"u8, "completion_tokens"u8, "prompt_tokens_details"u8, "completion_tokens_details"u8);

        /// <summary>Responses usage; reader on the object's StartObject.</summary>
        public static TokenUsage ReadResponsesUsage(ref Utf8JsonReader reader) =>
            Read(ref reader, "input_tokens"u8, "output_tokens"u8, "input_tokens_details"u8, "output_tokens_details"u8);

        /// <summary>The two APIs' usage objects differ only in the names of the input and output members.</summary>
        private static TokenUsage Read(ref Utf8JsonReader reader, System.ReadOnlySpan<byte> input, System.ReadOnlySpan<byte> output,
            System.ReadOnlySpan<byte> inputDetails, System.ReadOnlySpan<byte> outputDetails)
        {
            var usage = new TokenUsage();
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals(input)) usage.InputTokens = ReadCount(ref reader);
                else if (reader.ValueTextEquals(output)) usage.OutputTokens = ReadCount(ref reader);
                else if (reader.ValueTextEquals("total_tokens"u8)) usage.TotalTokens = ReadCount(ref reader);
                else if (reader.ValueTextEquals(inputDetails)) usage.CachedInputTokens = ReadDetail(ref reader, "cached_tokens"u8);
                else if (reader.ValueTextEquals(outputDetails)) usage.ReasoningTokens = ReadDetail(ref reader, "reasoning_tokens"u8);
                else reader.Skip();
            }

            return usage;
        }

        /// <summary>
        /// A token count: a non-negative integer that fits an int, or null (not said). Anything else is the server's
        /// error and must not become a price: -1 once gave CostUsd -1.0, and a too-large count silently became 0.
        /// </summary>
        /// <exception cref="JsonException">The value is negative, fractional, out of range or not a number.</exception>
        private static int? ReadCount(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw new JsonException("Unexpected end of JSON.");
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) && value >= 0) return value;
            string shown = reader.TokenType == JsonTokenType.Number || reader.TokenType == JsonTokenType.String
                ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray())
                : reader.TokenType.ToString();
            if (shown.Length > 40) shown = shown.Substring(0, 40) + "…";
            throw new JsonException("usage has a token count that is not a non-negative whole number: " + shown);
        }

        /// <summary>One number out of a *_details object (reader on the property name); null when absent.</summary>
        private static int? ReadDetail(ref Utf8JsonReader reader, System.ReadOnlySpan<byte> name)
        {
            if (!JsonReading.EnterObject(ref reader)) return null;
            int? value = null;
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals(name)) value = ReadCount(ref reader);
                else reader.Skip();
            }

            return value;
        }
    }
}
