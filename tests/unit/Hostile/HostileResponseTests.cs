using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Tests.Reliability;
using Xunit;

namespace VivgridPS.Tests.Hostile;

/// <summary>
/// What a hostile or broken server can send, through the whole response path (transport, SSE, accumulators):
/// each ends in a typed error that keeps the text so far, or in an answer with nothing lost.
/// </summary>
public sealed class HostileResponseTests
{
    private static readonly Uri Base = new Uri("https://api.example.test/v1/");

    internal static async Task<RunResult> Run(ScriptedHandler handler, ResponseLimits? limits = null, bool stream = true,
        ChatApi api = ChatApi.Chat, int maxRetries = 0)
    {
        var options = new ChatCallOptions { IdleTimeout = TimeSpan.FromSeconds(10), Limits = limits ?? ResponseLimits.Default };
        var runner = RunnerHarness.Runner(Base, maxRetries: maxRetries, options: options, client: new HttpClient(handler));
        return await RunnerHarness.RunAsync(runner, RunnerHarness.Request("go", stream, api));
    }

    /// <summary>The call's error: thrown, or carried by the Interrupted event that ends a call with a partial answer.</summary>
    internal static VivgridException? Error(RunResult result) =>
        result.Failure as VivgridException ?? result.Events.Find(e => e.Kind == ChatEventKind.Interrupted)?.Failure as VivgridException;

    internal static VivgridException Typed(RunResult result, string errorId)
    {
        Assert.True(result.Failure is null or VivgridException, "untyped: " + result.Failure);
        var e = Error(result);
        Assert.NotNull(e);
        Assert.Equal(errorId, e!.ErrorId);
        return e;
    }

    /// <summary>What the Interrupted event kept of the answer.</summary>
    internal static ChatCompletion Partial(RunResult result) => Assert.IsType<ChatEvent>(result.Partial).Completion!;

    [Fact]
    public async Task An_event_past_the_cap_is_ResponseTooLarge_with_the_text_before_it()
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(Wire.Chunk("Hello ") + Wire.Chunk(new string('x', 5000)) + Wire.Stream("never")));
        var result = await Run(handler, new ResponseLimits(maxEventBytes: 1024));
        var e = Typed(result, VivgridErrorId.ResponseTooLarge);
        Assert.Contains("1,024 bytes", e.Message);
        Assert.Equal("Hello ", result.Text);
        Assert.Equal("Hello ", Partial(result).Content);
        Assert.Single(handler.Requests); // never retried: the same request would get the same answer, and cost again
    }

    [Fact]
    public async Task Many_short_data_lines_of_one_event_count_together()
    {
        var lines = new StringBuilder();
        for (int i = 0; i < 200; i++) lines.Append("data: ").Append(new string('y', 50)).Append('\n');
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(Wire.Chunk("Hi") + lines + "\n" + Wire.Stream("x")));
        var result = await Run(handler, new ResponseLimits(maxEventBytes: 4096));
        Assert.Equal("Hi", Partial(result).Content);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Events_below_the_cap_pass_whatever_the_line_ends(string newline)
    {
        var body = Wire.Stream("one ", "two ", new string('z', 900)).Replace("\n", newline);
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(body));
        var result = await Run(handler, new ResponseLimits(maxEventBytes: 1024));
        Assert.Null(result.Failure);
        Assert.Equal("one two " + new string('z', 900), result.Outcome!.Completion!.Content);
    }

    [Fact]
    public async Task An_answer_past_the_cap_is_ResponseTooLarge_with_all_text_received()
    {
        var pieces = new string[50];
        for (int i = 0; i < pieces.Length; i++) pieces[i] = new string((char)('a' + i % 26), 100);
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(Wire.Stream(pieces)));
        var result = await Run(handler, new ResponseLimits(maxAnswerChars: 2000));
        var e = Typed(result, VivgridErrorId.ResponseTooLarge);
        Assert.Contains("2,000 characters", e.Message);
        Assert.StartsWith(result.Text, Partial(result).Content); // the event that crossed the cap is kept, not shown
        Assert.True(Partial(result).Content.Length is > 2000 and <= 2100, Partial(result).Content.Length.ToString());
    }

    [Fact]
    public async Task Tool_arguments_count_toward_the_answer_cap()
    {
        var args = System.Text.Json.JsonSerializer.Serialize(new string('q', 3000));
        var tool = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"t1\",\"function\":{\"name\":\"f\",\"arguments\":" + args + "}}]}}]}\n\n";
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(Wire.Chunk("Hi") + tool + Wire.Finish() + Wire.Done));
        var result = await Run(handler, new ResponseLimits(maxAnswerChars: 2000));
        Typed(result, VivgridErrorId.ResponseTooLarge);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_past_the_cap_is_ResponseTooLarge_whether_or_not_it_says_its_length(bool sayLength)
    {
        var handler = new ScriptedHandler(() => sayLength
            ? ScriptedHandler.Json(Encoding.UTF8.GetBytes(Wire.Body.Replace("Hello", new string('h', 4000))))
            : ScriptedHandler.Json(new GeneratedStream("{\"choices\":[{\"message\":{\"content\":\"", 'h', 100_000)));
        var result = await Run(handler, new ResponseLimits(maxBodyBytes: 2048), stream: false);
        var e = Typed(result, VivgridErrorId.ResponseTooLarge);
        Assert.Contains("2,048 bytes", e.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_body_at_the_cap_is_read()
    {
        var body = Encoding.UTF8.GetBytes(Wire.Body);
        var handler = new ScriptedHandler(() => ScriptedHandler.Json(body));
        var result = await Run(handler, new ResponseLimits(maxBodyBytes: body.Length), stream: false);
        Assert.Null(result.Failure);
        Assert.Equal("Hello", result.Outcome!.Completion!.Content);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"object\":\"list\",\"data\":[]}")]
    [InlineData("{\"id\":\"x\",\"choices\":\"none\"}")]
    public async Task A_2xx_body_that_is_not_a_completion_is_MalformedResponse(string body)
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Json(body));
        var e = Typed(await Run(handler, stream: false), VivgridErrorId.MalformedResponse);
        Assert.Contains("not a chat completion", e.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"id\":\"resp_1\",\"object\":\"response\"}")]
    public async Task A_2xx_body_that_is_not_a_response_is_MalformedResponse(string body)
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Json(body));
        Typed(await Run(handler, stream: false, api: ChatApi.Responses), VivgridErrorId.MalformedResponse);
    }

    [Fact]
    public async Task A_2xx_body_that_is_an_error_envelope_is_that_error()
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Json("{\"error\":{\"message\":\"bad model\",\"type\":\"invalid_request_error\",\"code\":\"400\"}}"));
        var e = Typed(await Run(handler, stream: false), VivgridErrorId.InvalidRequest);
        Assert.Contains("bad model", e.Message);
    }

    [Theory]
    [InlineData("{\"prompt_tokens\":-1,\"completion_tokens\":2,\"total_tokens\":1}")]
    [InlineData("{\"prompt_tokens\":3,\"completion_tokens\":2.5,\"total_tokens\":5}")]
    [InlineData("{\"prompt_tokens\":99999999999999999999,\"completion_tokens\":2,\"total_tokens\":5}")]
    [InlineData("{\"prompt_tokens\":\"3\",\"completion_tokens\":2,\"total_tokens\":5}")]
    [InlineData("{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5,\"completion_tokens_details\":{\"reasoning_tokens\":-4}}")]
    public async Task Bad_usage_in_a_stream_is_MalformedResponse_with_the_text(string usage)
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(Wire.Chunk("Hello") + Wire.Finish(usage) + Wire.Done));
        var result = await Run(handler);
        var e = Typed(result, VivgridErrorId.MalformedResponse);
        Assert.Contains("token count", e.Message);
        Assert.Equal("Hello", Partial(result).Content);
        Assert.Equal("Hello", result.Text);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e99")]
    [InlineData("\"7\"")]
    public async Task Bad_usage_in_a_body_is_MalformedResponse(string value)
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Json(Wire.Body.Replace("\"prompt_tokens\":3", "\"prompt_tokens\":" + value)));
        var e = Typed(await Run(handler, stream: false), VivgridErrorId.MalformedResponse);
        Assert.Contains("token count", e.Message);
    }

    [Fact]
    public async Task An_event_nested_past_the_limit_is_MalformedResponse_with_the_text()
    {
        var deep = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lost?\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}}]}\n\n";
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(Wire.Chunk("Hello") + deep + Wire.Stream(" world")));
        var result = await Run(handler);
        var e = Typed(result, VivgridErrorId.MalformedResponse);
        Assert.Contains("could not be read", e.Message);
        Assert.Equal(result.Text, Partial(result).Content);
        Assert.StartsWith("Hello", Partial(result).Content);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_delta_becomes_U_FFFD_and_nothing_is_dropped()
    {
        var bytes = Encoding.UTF8.GetBytes(Wire.Stream("Hel", "lo", " wor", "ld"));
        var at = Array.IndexOf(bytes, (byte)'w');
        bytes[at] = 0xC3; // a lead byte followed by a space: invalid
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(bytes));
        var result = await Run(handler);
        Assert.Null(result.Failure);
        Assert.Equal("Hello \uFFFDorld", result.Outcome!.Completion!.Content);
        Assert.Equal(0, result.Outcome.Completion!.MalformedEventCount);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_body_becomes_U_FFFD()
    {
        var bytes = Encoding.UTF8.GetBytes(Wire.Body);
        bytes[Array.IndexOf(bytes, (byte)'H')] = 0xFF;
        var handler = new ScriptedHandler(() => ScriptedHandler.Json(bytes));
        var result = await Run(handler, stream: false);
        Assert.Null(result.Failure);
        Assert.Equal("\uFFFDello", result.Outcome!.Completion!.Content);
    }

    [Theory]
    [InlineData(HttpStatusCode.MovedPermanently)]
    [InlineData(HttpStatusCode.Found)]
    [InlineData(HttpStatusCode.TemporaryRedirect)]
    [InlineData(HttpStatusCode.PermanentRedirect)]
    public async Task A_redirect_is_an_error_naming_the_location(HttpStatusCode status)
    {
        var handler = new ScriptedHandler(() =>
        {
            var r = new HttpResponseMessage(status);
            r.Headers.Location = new Uri("https://elsewhere.example.net/v1/chat/completions");
            return r;
        });
        var e = Typed(await Run(handler, maxRetries: 2), VivgridErrorId.UnexpectedRedirect);
        Assert.Contains("https://elsewhere.example.net/v1/chat/completions", e.Message);
        Assert.Equal((int)status, e.HttpStatus);
        Assert.Single(handler.Requests);
        Assert.DoesNotContain(RunnerHarness.Key, e.Message);
    }

    [Fact]
    public async Task A_relative_redirect_is_named_as_an_absolute_address()
    {
        var handler = new ScriptedHandler(() =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.Found);
            r.Headers.Location = new Uri("/login", UriKind.Relative);
            return r;
        });
        var e = Typed(await Run(handler), VivgridErrorId.UnexpectedRedirect);
        Assert.Contains("https://api.example.test/login", e.Message);
    }
}
