using System.Text;
using VivgridPS.Core.Chat;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>Responses event rules the recordings do not all exercise.</summary>
    public sealed class ResponsesStreamAccumulatorTests
    {
        private static string? Apply(IStreamAccumulator acc, string name, string json) => acc.Apply(name, Encoding.UTF8.GetBytes(json));

        [Fact]
        public void ArgumentDeltasAloneBuildTheCallWhenDoneNeverComes()
        {
            var acc = new ResponsesStreamAccumulator();
            Apply(acc, "response.output_item.added", "{\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}}");
            Apply(acc, "response.function_call_arguments.delta", "{\"item_id\":\"fc_1\",\"delta\":\"{\\\"a\\\"\"}");
            Apply(acc, "response.function_call_arguments.delta", "{\"item_id\":\"fc_1\",\"delta\":\":1}\"}");
            ToolCallData call = Assert.Single(acc.Current.ToolCalls);
            Assert.Equal(("call_1", "f", "{\"a\":1}"), (call.Id, call.Name, call.ArgumentsJson));
            Assert.True(acc.Current.Truncated);
        }

        [Fact]
        public void FlatErrorEventAndFailedResponse()
        {
            var acc = new ResponsesStreamAccumulator();
            Apply(acc, "error", "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"boom\",\"param\":null}");
            Apply(acc, "response.failed", "{\"type\":\"response.failed\",\"response\":{\"id\":\"r\",\"status\":\"failed\",\"error\":{\"code\":\"other\",\"message\":\"x\"}}}");
            ChatCompletion result = acc.Current;
            Assert.Equal(("server_error", "boom"), (result.StreamError!.Code, result.StreamError.Message));
            Assert.Equal("other", result.ResponseError!.Code);
            Assert.Equal("failed", result.Status);
            Assert.Null(result.FinishReason);
            Assert.True(acc.IsTerminal);
        }

        [Fact]
        public void FailedResponseWithoutErrorEventStillReportsTheError()
        {
            var acc = new ResponsesStreamAccumulator();
            Apply(acc, "response.failed", "{\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}}}");
            Assert.Equal("rate_limit_exceeded", acc.Current.StreamError!.Code);
        }

        [Theory]
        [InlineData("max_output_tokens", "length")]
        [InlineData("content_filter", "content_filter")]
        public void IncompleteMapsToAFinishReason(string reason, string finish)
        {
            var acc = new ResponsesStreamAccumulator();
            Assert.Equal("Hi", Apply(acc, "message", "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}"));
            Apply(acc, "message", "{\"response\":{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"" + reason + "\"},\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}},\"type\":\"response.incomplete\"}");
            ChatCompletion result = acc.Current;
            Assert.Equal(("incomplete", reason, finish), (result.Status, result.IncompleteReason, result.FinishReason));
            Assert.Equal(3, result.Usage!.TotalTokens);
            Assert.True(result.Done);
            Assert.False(result.Truncated);
        }

        [Fact]
        public void TerminalEventWithoutResponseObjectImpliesItsStatus()
        {
            var acc = new ResponsesStreamAccumulator();
            Apply(acc, "response.created", "{\"response\":{\"id\":\"r1\",\"model\":\"m\",\"status\":\"in_progress\",\"created_at\":1700000000}}");
            Apply(acc, "response.completed", "{}");
            ChatCompletion result = acc.Current;
            Assert.Equal(("r1", "m", "completed", "stop"), (result.Id, result.Model, result.Status, result.FinishReason));
            Assert.NotNull(result.Created);
        }

        [Fact]
        public void UnknownEventsAndFieldsAreIgnoredAndRefusalAndReasoningCollected()
        {
            var acc = new ResponsesStreamAccumulator();
            Assert.Null(Apply(acc, "response.something_new", "{\"delta\":\"ignored\",\"weird\":[1,{}]}"));
            Apply(acc, "response.refusal.delta", "{\"delta\":\"no\"}");
            Apply(acc, "response.reasoning_summary_text.delta", "{\"delta\":\"think\"}");
            Assert.Null(Apply(acc, "response.output_text.delta", "{\"delta\":\"\"}"));
            ChatCompletion result = acc.Current;
            Assert.Equal(string.Empty, result.Content);
            Assert.Equal("no", result.Refusal);
            Assert.Equal("think", result.Reasoning);
            Assert.Equal(0, result.MalformedEventCount);
        }

        [Fact]
        public void MalformedEventIsCountedAndSkipped()
        {
            var acc = new ResponsesStreamAccumulator();
            Assert.Null(Apply(acc, "response.output_text.delta", "{\"delta\":\"Hi\""));
            Assert.Equal("Hi", Apply(acc, "response.output_text.delta", "{\"delta\":\"Hi\"}"));
            Assert.Equal(1, acc.Current.MalformedEventCount);
            Assert.Equal("Hi", acc.Current.Content);
        }
    }
}
