using System;
using System.Text;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using Xunit;

namespace VivgridPS.Tests.Parsing
{
    /// <summary>Body parsers on hand-made inputs: failure paths and shapes the recordings do not contain.</summary>
    public sealed class BodyParserTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("<html><body>502 Bad Gateway</body></html>")]
        [InlineData("{\"id\":\"x\",\"choices\":[")]
        [InlineData("[1,2,3]")]
        [InlineData("\"just a string\"")]
        [InlineData("{\"id\":\"x\"} trailing")]
        public void MalformedChatBodyThrowsMalformedResponseWithRawText(string body)
        {
            var ex = Assert.Throws<VivgridException>(() => ChatCompletionParser.Parse(Encoding.UTF8.GetBytes(body)));
            Assert.Equal(VivgridErrorId.MalformedResponse, ex.ErrorId);
            Assert.Equal(VivgridErrorKind.ProtocolError, ex.Kind);
            Assert.Equal(body.Trim(), ex.ApiError!.RawBody);
        }

        [Theory]
        [InlineData("{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"a\"}")]
        [InlineData("not json")]
        public void MalformedResponsesBodyThrowsMalformedResponse(string body)
        {
            var ex = Assert.Throws<VivgridException>(() => ResponsesParser.Parse(Encoding.UTF8.GetBytes(body)));
            Assert.Equal(VivgridErrorId.MalformedResponse, ex.ErrorId);
            Assert.Equal(body, ex.ApiError!.RawBody);
        }

        [Fact]
        public void MalformedBodyRawTextIsTruncatedToTwoKilobytes()
        {
            string body = "{\"x\":\"" + new string('y', 10_000);
            var ex = Assert.Throws<VivgridException>(() => ChatCompletionParser.Parse(Encoding.UTF8.GetBytes(body)));
            Assert.Equal(2049, ex.ApiError!.RawBody!.Length); // 2048 characters and the ellipsis that marks the cut
            Assert.StartsWith("{\"x\":\"yyy", ex.ApiError.RawBody);
        }

        [Fact]
        public void InvalidUtf8InsideAStringBecomesReplacementCharacterNotALostAnswer()
        {
            byte[] body = Encoding.UTF8.GetBytes("{\"choices\":[{\"message\":{\"content\":\"ab\"}}]}");
            body[Array.LastIndexOf(body, (byte)'a')] = 0xFF; // inside "ab", not a property name
            Assert.Equal("\uFFFDb", ChatCompletionParser.Parse(body).Content);
        }

        [Fact]
        public void ResponsesBodyConcatenatesAllOutputTextPartsAndMapsFunctionCalls()
        {
            const string body = "{\"id\":\"resp_1\",\"status\":\"completed\",\"model\":\"m\",\"output\":[" +
                "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"think\"}]}," +
                "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hel\"},{\"type\":\"refusal\",\"refusal\":\"no\"},{\"type\":\"output_text\",\"text\":\"lo\"}]}," +
                "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\" world\"}]}," +
                "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}]," +
                "\"usage\":null}";
            ChatCompletion result = ResponsesParser.Parse(Encoding.UTF8.GetBytes(body));
            Assert.Equal("Hello world", result.Content);
            Assert.Equal("no", result.Refusal);
            Assert.Equal("think", result.Reasoning);
            Assert.Equal("tool_calls", result.FinishReason);
            Assert.Null(result.Usage);
            ToolCallData call = Assert.Single(result.ToolCalls);
            Assert.Equal(("call_1", "f", "{\"a\":1}"), (call.Id, call.Name, call.ArgumentsJson));
        }

        [Fact]
        public void ChatBodyReadsOnlyChoiceZeroAndKeepsObjectArguments()
        {
            const string body = "{\"id\":\"c\",\"model\":\"m\",\"created\":1700000000,\"choices\":[" +
                "{\"message\":{\"content\":\"second\"},\"index\":1,\"finish_reason\":\"length\"}," +
                "{\"message\":{\"content\":\"first\",\"reasoning_content\":\"why\",\"tool_calls\":[{\"id\":\"t1\",\"function\":{\"name\":\"f\",\"arguments\":{\"x\":[1,2]}}}]},\"index\":0,\"finish_reason\":\"stop\"}]," +
                "\"error\":{\"message\":\"m\",\"code\":503}}";
            ChatCompletion result = ChatCompletionParser.Parse(Encoding.UTF8.GetBytes(body));
            Assert.Equal("first", result.Content);
            Assert.Equal("why", result.Reasoning);
            Assert.Equal("stop", result.FinishReason);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), result.Created);
            Assert.Equal("{\"x\":[1,2]}", Assert.Single(result.ToolCalls).ArgumentsJson);
            Assert.Equal("503", result.StreamError!.Code);
        }

        [Fact]
        public void UnknownFieldsAndOddValueTypesAreIgnored()
        {
            const string body = "{\"id\":42,\"model\":null,\"created\":\"yesterday\",\"extra\":{\"deep\":[{\"a\":[]}]}," +
                "\"choices\":[{\"message\":{\"content\":7,\"refusal\":[]},\"finish_reason\":{}}],\"usage\":{\"prompt_tokens\":null,\"other\":\"x\"}}";
            ChatCompletion result = ChatCompletionParser.Parse(Encoding.UTF8.GetBytes(body));
            Assert.Null(result.Id);
            Assert.Null(result.Model);
            Assert.Null(result.Created);
            Assert.Equal(string.Empty, result.Content);
            Assert.Null(result.FinishReason);
            Assert.NotNull(result.Usage);
            Assert.Null(result.Usage!.InputTokens);
            Assert.Null(result.Usage.TotalTokens);
        }
    }
}
