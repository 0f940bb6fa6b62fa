using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using Xunit;

namespace VivgridPS.Tests.Parsing
{
    /// <summary>Asserts a parsed <see cref="ChatCompletion"/> against the facts expected.json lists for a recording.</summary>
    internal static class ExpectedFacts
    {
        public static void AssertChatStream(JsonElement expected, ChatCompletion actual)
        {
            AssertChatCommon(expected, actual);
            Assert.Equal(expected.GetProperty("content_delta_count").GetInt32(), actual.ContentDeltaCount);
            AssertError(expected.GetProperty("stream_error"), actual.StreamError);
            Assert.Equal(expected.GetProperty("done").GetBoolean(), actual.Done);
            Assert.False(actual.Truncated);
            Assert.Equal(0, actual.MalformedEventCount);
        }

        public static void AssertChatBody(JsonElement expected, ChatCompletion actual)
        {
            AssertChatCommon(expected, actual);
            Assert.True(actual.Done);
            Assert.Null(actual.StreamError);
        }

        public static void AssertResponsesStream(JsonElement expected, ChatCompletion actual)
        {
            Assert.Equal(Str(expected, "response_id"), actual.Id);
            AssertResponsesCommon(expected, actual);
            Assert.Equal(expected.GetProperty("output_text_delta_count").GetInt32(), actual.ContentDeltaCount);
            Assert.Equal(Str(expected, "output_text_done"), actual.OutputTextDone);
            Assert.Equal(Str(expected, "reasoning_summary_text"), actual.Reasoning);
            AssertError(expected.GetProperty("error"), actual.StreamError);
            AssertError(expected.GetProperty("response_error"), actual.ResponseError);
            Assert.Equal(Str(expected, "terminal_event") != null, actual.Done);
            Assert.Equal(0, actual.MalformedEventCount);
        }

        public static void AssertResponsesBody(JsonElement expected, ChatCompletion actual)
        {
            Assert.Equal(Str(expected, "id"), actual.Id);
            AssertResponsesCommon(expected, actual);
            Assert.True(actual.Done);
        }

        public static void AssertError(JsonElement expected, ApiError? actual)
        {
            if (expected.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(actual);
                return;
            }

            Assert.NotNull(actual);
            Assert.Equal(Text(expected, "type"), actual!.Type);
            Assert.Equal(Text(expected, "code"), actual.Code);
            Assert.Equal(Text(expected, "message"), actual.Message);
            Assert.Equal(Text(expected, "param"), actual.Param);
        }

        private static void AssertChatCommon(JsonElement expected, ChatCompletion actual)
        {
            Assert.Equal(Str(expected, "id"), actual.Id);
            Assert.Equal(Str(expected, "model"), actual.Model);
            // ChatCompletion.Content is never null: "no content" is the empty string.
            Assert.Equal(Str(expected, "content") ?? string.Empty, actual.Content);
            Assert.Equal(Str(expected, "reasoning"), actual.Reasoning);
            Assert.Equal(Str(expected, "refusal"), actual.Refusal);
            Assert.Equal(Str(expected, "finish_reason"), actual.FinishReason);
            AssertUsage(expected.GetProperty("usage"), actual.Usage, "prompt_tokens", "completion_tokens");
            var expectedCalls = expected.GetProperty("tool_calls").EnumerateArray().ToList();
            Assert.Equal(expectedCalls.Count, actual.ToolCalls.Count);
            for (int i = 0; i < expectedCalls.Count; i++)
            {
                JsonElement call = expectedCalls[i];
                if (call.TryGetProperty("index", out JsonElement index)) Assert.Equal(index.GetInt32(), actual.ToolCalls[i].Index);
                Assert.Equal(Str(call, "id"), actual.ToolCalls[i].Id);
                Assert.Equal(Str(call, "name"), actual.ToolCalls[i].Name);
                Assert.Equal(Str(call, "arguments"), actual.ToolCalls[i].ArgumentsJson);
            }
        }

        private static void AssertResponsesCommon(JsonElement expected, ChatCompletion actual)
        {
            Assert.Equal(Str(expected, "model"), actual.Model);
            Assert.Equal(Str(expected, "status"), actual.Status);
            Assert.Equal(Str(expected, "output_text"), actual.Content);
            Assert.Equal(Str(expected, "incomplete_reason"), actual.IncompleteReason);
            AssertUsage(expected.GetProperty("usage"), actual.Usage, "input_tokens", "output_tokens");
            var calls = expected.GetProperty("function_calls").EnumerateArray().ToList();
            Assert.Equal(calls.Count, actual.ToolCalls.Count);
            for (int i = 0; i < calls.Count; i++)
            {
                Assert.Equal(Str(calls[i], "call_id"), actual.ToolCalls[i].Id);
                Assert.Equal(Str(calls[i], "name"), actual.ToolCalls[i].Name);
                Assert.Equal(Str(calls[i], "arguments"), actual.ToolCalls[i].ArgumentsJson);
            }

            string? status = Str(expected, "status");
            if (status == "completed") Assert.Equal(calls.Count > 0 ? "tool_calls" : "stop", actual.FinishReason);
            if (status == "incomplete") Assert.Equal("length", actual.FinishReason);
            if (status == "failed") Assert.Null(actual.FinishReason);
        }

        private static void AssertUsage(JsonElement expected, TokenUsage? actual, string inputName, string outputName)
        {
            if (expected.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(actual);
                return;
            }

            Assert.NotNull(actual);
            Assert.Equal(Int(expected, inputName), actual!.InputTokens);
            Assert.Equal(Int(expected, outputName), actual.OutputTokens);
            Assert.Equal(Int(expected, "total_tokens"), actual.TotalTokens);
            Assert.Equal(Int(expected, "cached_tokens"), actual.CachedInputTokens);
            Assert.Equal(Int(expected, "reasoning_tokens"), actual.ReasoningTokens);
        }

        private static string? Str(JsonElement e, string name)
            => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>String members as-is, numbers as their text (OpenRouter's numeric error code), null when absent.</summary>
        private static string? Text(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out JsonElement v)) return null;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            };
        }

        private static int? Int(JsonElement e, string name)
            => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

        public static IEnumerable<object[]> Files(string kind) => RealData.FilesOfKind(kind).Select(f => new object[] { f });
    }
}
