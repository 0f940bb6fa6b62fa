using VivgridPS.Core.Errors;
using Xunit;

namespace VivgridPS.Tests.Parsing
{
    public sealed class ApiErrorParserTests
    {
        [Fact]
        public void HtmlPageBecomesReadableText()
        {
            const string html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style>" +
                "<script>var x = '<b>';</script></head><body><h1>502 Bad Gateway</h1><p>nginx &amp; friends</p></body></html>";
            ApiError error = ApiErrorParser.Parse(502, html, "text/html");
            Assert.Equal(502, error.HttpStatus);
            Assert.Equal("502 Bad Gateway 502 Bad Gateway nginx & friends", error.RawBody);
            Assert.Null(error.Message);
            Assert.Equal(error.RawBody, error.ToString());
        }

        [Fact]
        public void HtmlIsDetectedWithoutAContentType()
        {
            ApiError error = ApiErrorParser.Parse(503, "  <html><body>Service <i>Unavailable</i></body></html>\n", null);
            Assert.Equal("Service Unavailable", error.RawBody);
        }

        [Fact]
        public void PlainTextIsTrimmedAndTruncated()
        {
            ApiError error = ApiErrorParser.Parse(500, "  " + new string('x', 5000) + "  ", "text/plain");
            Assert.Equal(2049, error.RawBody!.Length);
            Assert.EndsWith("…", error.RawBody);
            Assert.Equal("upstream timeout", ApiErrorParser.Parse(504, " upstream timeout\r\n", "text/plain").RawBody);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void EmptyBodyGivesStatusOnly(string? body)
        {
            ApiError error = ApiErrorParser.Parse(502, body, null);
            Assert.Equal(502, error.HttpStatus);
            Assert.Null(error.RawBody);
            Assert.Null(error.Message);
        }

        [Fact]
        public void EnvelopeWithNumericCodeAndStringErrorAndTopLevelMessage()
        {
            ApiError numeric = ApiErrorParser.Parse(429, "{\"error\":{\"code\":429,\"message\":\"slow down\",\"metadata\":{}}}", "application/json");
            Assert.Equal(("429", "slow down", (string?)null), (numeric.Code, numeric.Message, numeric.Type));

            ApiError bare = ApiErrorParser.Parse(400, "{\"error\":\"bad thing\"}", null);
            Assert.Equal("bad thing", bare.Message);

            ApiError gateway = ApiErrorParser.Parse(403, "{\"message\":\"Forbidden\"}", null);
            Assert.Equal("Forbidden", gateway.Message);
        }

        [Theory]
        [InlineData("{\"error\":{\"message\":\"cut")]
        [InlineData("{\"detail\":\"not the envelope\"}")]
        public void JsonThatIsNotAnEnvelopeIsKeptRaw(string body)
        {
            ApiError error = ApiErrorParser.Parse(500, body, "application/json");
            Assert.Equal(body, error.RawBody);
            Assert.Null(error.Message);
        }
    }
}
