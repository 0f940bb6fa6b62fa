using System.Text;
using VivgridPS.Core.Chat;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>Chunk rules the recordings do not all exercise (Mistral tool calls, several usage chunks, choice n>0).</summary>
    public sealed class ChatStreamAccumulatorTests
    {
        private static string? Apply(IStreamAccumulator acc, string json) => acc.Apply("message", Encoding.UTF8.GetBytes(json));

        [Fact]
        public void IndexLessToolFragmentsStartANewCallPerNewId()
        {
            var acc = new ChatStreamAccumulator();
            Apply(acc, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}]}}]}");
            Apply(acc, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"1}\"}}]}}]}");
            Apply(acc, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}},{\"id\":\"c\",\"function\":{\"name\":\"h\",\"arguments\":\"[]\"}}]}}]}");
            Apply(acc, "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"c\",\"function\":{\"arguments\":\" \"}}]}}]}");
            var calls = acc.Current.ToolCalls;
            Assert.Equal(3, calls.Count);
            Assert.Equal(("a", "f", "{\"x\":1}", 0), (calls[0].Id, calls[0].Name, calls[0].ArgumentsJson, calls[0].Index));
            Assert.Equal(("b", "g", "{}", 1), (calls[1].Id, calls[1].Name, calls[1].ArgumentsJson, calls[1].Index));
            Assert.Equal(("c", "h", "[] ", 2), (calls[2].Id, calls[2].Name, calls[2].ArgumentsJson, calls[2].Index));
        }

        [Fact]
        public void IndexedFragmentsAreGroupedAndListedInIndexOrder()
        {
            var acc = new ChatStreamAccumulator();
            Apply(acc, "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"second\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]}}]}");
            Apply(acc, "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"first\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]}}]}");
            Apply(acc, "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"\",\"function\":{\"name\":\"\",\"arguments\":\"[]\"}}]}}]}");
            Apply(acc, "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]}}]}");
            var calls = acc.Current.ToolCalls;
            Assert.Equal(("first", "f", "{}"), (calls[0].Id, calls[0].Name, calls[0].ArgumentsJson));
            Assert.Equal(("second", "g", "[]"), (calls[1].Id, calls[1].Name, calls[1].ArgumentsJson));
        }

        [Fact]
        public void OnlyChoiceZeroCountsAndAnIndexLessChoiceIsZero()
        {
            var acc = new ChatStreamAccumulator();
            Assert.Equal("a", Apply(acc, "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}"));
            Assert.Null(Apply(acc, "{\"choices\":[{\"delta\":{\"content\":\"X\",\"tool_calls\":[{\"index\":0,\"id\":\"t\"}]},\"index\":1,\"finish_reason\":\"length\"}]}"));
            Assert.Equal("b", Apply(acc, "{\"choices\":[{\"delta\":{\"content\":\"Y\"},\"index\":2},{\"delta\":{\"content\":\"b\"},\"index\":0}]}"));
            ChatCompletion result = acc.Current;
            Assert.Equal("ab", result.Content);
            Assert.Equal(2, result.ContentDeltaCount);
            Assert.Null(result.FinishReason);
            Assert.Empty(result.ToolCalls);
        }

        [Fact]
        public void LastUsageWinsAndNullUsageDoesNotErase()
        {
            var acc = new ChatStreamAccumulator();
            Apply(acc, "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}");
            Apply(acc, "{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,\"total_tokens\":30,\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":5}}}");
            Apply(acc, "{\"choices\":[],\"usage\":null}");
            TokenUsage usage = acc.Current.Usage!;
            Assert.Equal((10, 20, 30, 4, 5), (usage.InputTokens, usage.OutputTokens, usage.TotalTokens, usage.CachedInputTokens, usage.ReasoningTokens));
        }

        [Fact]
        public void LastNonNullFinishReasonAndFirstNonEmptyIdentity()
        {
            var acc = new ChatStreamAccumulator();
            Apply(acc, "{\"id\":\"\",\"model\":\"\",\"created\":0,\"choices\":[]}");
            Apply(acc, "{\"id\":\"real\",\"model\":\"m1\",\"created\":1762317021,\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}");
            Apply(acc, "{\"id\":\"other\",\"model\":\"m2\",\"choices\":[{\"delta\":{},\"finish_reason\":null}]}");
            ChatCompletion result = acc.Current;
            Assert.Equal(("real", "m1", "length"), (result.Id, result.Model, result.FinishReason));
            Assert.Equal(1762317021, result.Created!.Value.ToUnixTimeSeconds());
        }

        [Fact]
        public void ReasoningRefusalAndErrorMembers()
        {
            var acc = new ChatStreamAccumulator();
            Apply(acc, "{\"choices\":[{\"delta\":{\"reasoning_content\":\"r1\",\"refusal\":\"no \"}}]}");
            Apply(acc, "{\"choices\":[{\"delta\":{\"reasoning\":\"r2\",\"refusal\":\"way\"}}]}");
            Apply(acc, "{\"error\":\"upstream went away\",\"choices\":[]}");
            ChatCompletion result = acc.Current;
            Assert.Equal("r1r2", result.Reasoning);
            Assert.Equal("no way", result.Refusal);
            Assert.Equal("upstream went away", result.StreamError!.Message);
        }

        [Fact]
        public void ReasoningSentUnderBothNamesInOneDeltaCountsOnce()
        {
            var acc = new ChatStreamAccumulator();
            Apply(acc, "{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\",\"reasoning\":\"hm\"}}]}");
            Apply(acc, "{\"choices\":[{\"delta\":{\"reasoning_content\":\"a\",\"reasoning\":\"b\"}}]}");
            Assert.Equal("hmab", acc.Current.Reasoning);
        }

        [Theory]
        [InlineData("[DONE]")]
        [InlineData(" [DONE] ")]
        public void DoneMarkerIsTerminal(string data)
        {
            var acc = new ChatStreamAccumulator();
            Assert.Null(Apply(acc, data));
            Assert.True(acc.IsTerminal);
            Assert.True(acc.Current.Done);
            Assert.Equal(0, acc.Current.MalformedEventCount);
        }

        [Theory]
        [InlineData("{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":{")]
        [InlineData("{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}}")]
        [InlineData("{\"choices\":[{\"delta\":{\"content\":\"x\"}}]} {}")]
        [InlineData("")]
        [InlineData("[DONE")]
        public void MalformedEventLeavesNoTrace(string data)
        {
            var acc = new ChatStreamAccumulator();
            Assert.Null(Apply(acc, data));
            ChatCompletion result = acc.Current;
            Assert.Equal(string.Empty, result.Content);
            Assert.Equal(0, result.ContentDeltaCount);
            Assert.Equal(1, result.MalformedEventCount);
            Assert.False(acc.IsTerminal);
        }

        [Fact]
        public void CurrentIsCachedUntilSomethingChanges()
        {
            var acc = new ChatStreamAccumulator();
            Apply(acc, "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}");
            string first = acc.Current.Content;
            Assert.Same(first, acc.Current.Content);
            Apply(acc, "{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}");
            Assert.Equal("ab", acc.Current.Content);
        }
    }
}
