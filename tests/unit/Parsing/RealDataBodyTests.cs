using System.Text;
using System.Text.Json;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using Xunit;

namespace VivgridPS.Tests.Parsing
{
    /// <summary>Every recorded non-streamed body and error body gives the facts in expected.json.</summary>
    public sealed class RealDataBodyTests
    {
        [Fact]
        public void EveryBodyRecordingIsCovered()
        {
            Assert.Equal(6, RealData.FilesOfKind("chat").Count);
            Assert.Equal(2, RealData.FilesOfKind("responses").Count);
            Assert.Equal(7, RealData.FilesOfKind("error").Count);
        }

        [Theory]
        [MemberData(nameof(ExpectedFacts.Files), "chat", MemberType = typeof(ExpectedFacts))]
        public void ChatBodyGivesExpectedFacts(string file)
        {
            ChatCompletion result = ChatCompletionParser.Parse(RealData.Bytes(file));
            ExpectedFacts.AssertChatBody(RealData.Expected(file), result);
            Assert.NotNull(result.Created);
        }

        [Theory]
        [MemberData(nameof(ExpectedFacts.Files), "responses", MemberType = typeof(ExpectedFacts))]
        public void ResponsesBodyGivesExpectedFacts(string file)
        {
            ChatCompletion result = ResponsesParser.Parse(RealData.Bytes(file));
            ExpectedFacts.AssertResponsesBody(RealData.Expected(file), result);
            Assert.Null(result.StreamError);
        }

        [Theory]
        [MemberData(nameof(ExpectedFacts.Files), "error", MemberType = typeof(ExpectedFacts))]
        public void ErrorBodyGivesExpectedFacts(string file)
        {
            JsonElement expected = RealData.Expected(file);
            int? status = expected.GetProperty("http_status").ValueKind == JsonValueKind.Number
                ? expected.GetProperty("http_status").GetInt32()
                : null;
            string? contentType = expected.GetProperty("content_type").GetString();
            ApiError error = ApiErrorParser.Parse(status, Encoding.UTF8.GetString(RealData.Bytes(file)), contentType);

            Assert.Equal(status, error.HttpStatus);
            Assert.Equal(Text(expected, "error_type"), error.Type);
            Assert.Equal(Text(expected, "error_code"), error.Code);
            Assert.Equal(Text(expected, "error_message"), error.Message);
            Assert.Equal(Text(expected, "error_param"), error.Param);
            Assert.Null(error.RawBody);
        }

        [Theory]
        [MemberData(nameof(ExpectedFacts.Files), "chat-stream", MemberType = typeof(ExpectedFacts))]
        public void AStreamIsNotAChatBody(string file)
        {
            // A caller that forgets stream=false gets a typed error with the start of what arrived, not a crash.
            var ex = Assert.Throws<VivgridException>(() => ChatCompletionParser.Parse(RealData.Bytes(file)));
            Assert.Equal(VivgridErrorId.MalformedResponse, ex.ErrorId);
            Assert.Equal(VivgridErrorKind.ProtocolError, ex.Kind);
            Assert.NotNull(ex.ApiError?.RawBody);
            Assert.True(ex.ApiError!.RawBody!.Length <= 2049);
        }

        private static string? Text(JsonElement e, string name)
        {
            JsonElement v = e.GetProperty(name);
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            };
        }
    }
}
