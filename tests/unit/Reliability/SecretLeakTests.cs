using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Tests.Emulator;
using Xunit;

namespace VivgridPS.Tests.Reliability;

/// <summary>The API key never reaches any text a user or a log can see, whatever the service echoes back.</summary>
public sealed class SecretLeakTests : IClassFixture<EmulatorFixture>
{
    private const string Key = RunnerHarness.Key;
    private readonly EmulatorFixture _emulator;

    public SecretLeakTests(EmulatorFixture emulator) => _emulator = emulator;

    public static TheoryData<string> EchoingFailures => new TheoryData<string>
    {
        "401 JSON echoing the key",
        "502 proxy HTML echoing the Authorization header",
        "400 echoing the key in param and code",
        "200 stream carrying an error that echoes the key",
        "key cut in half by the error-body truncation",
        "stream interrupted after text, proxy echoed header earlier",
    };

    [Theory]
    [MemberData(nameof(EchoingFailures))]
    public async Task Key_never_appears_in_any_reported_text(string failure)
    {
        var state = _emulator.Server.State;
        state.Reset();
        switch (failure)
        {
            case "401 JSON echoing the key":
                state.Enqueue(new ScriptedReply { Status = 401, Body = "{\"error\":{\"message\":\"Incorrect API key provided: " + Key + ".\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}" });
                break;
            case "502 proxy HTML echoing the Authorization header":
                state.Enqueue(new ScriptedReply { Status = 502, ContentType = "text/html", Repeat = 2,
                    Body = "<html><body><h1>Bad Gateway</h1><pre>POST /v1/chat/completions\nAuthorization: Bearer " + Key + "\nHost: x</pre></body></html>" });
                break;
            case "400 echoing the key in param and code":
                state.Enqueue(new ScriptedReply { Status = 400, Body = "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":\"" + Key + "\",\"code\":\"" + Key + "\"}}" });
                break;
            case "200 stream carrying an error that echoes the key":
                state.Enqueue(new ScriptedReply { Status = 200, ContentType = "text/event-stream", Repeat = 2,
                    Body = "data: {\"error\":{\"message\":\"key " + Key + " over quota\",\"code\":429}}\n\ndata: [DONE]\n\n" });
                break;
            case "key cut in half by the error-body truncation":
                state.Enqueue(new ScriptedReply { Status = 403, ContentType = "text/plain",
                    Body = new string('x', 2048 - Key.Length / 2) + Key + " trailing words" });
                break;
            case "stream interrupted after text, proxy echoed header earlier":
                state.Enqueue(new ScriptedReply { Status = 503, ContentType = "text/plain", Body = "upstream said Authorization: Bearer " + Key });
                state.Enqueue(new ScriptedReply { Chunks = new[] { "partial " + Key.Substring(0, 4), " text" }, Fault = "disconnect", AfterChunks = 1 });
                break;
        }

        var result = await RunnerHarness.RunAsync(RunnerHarness.Runner(_emulator.Server.BaseUri, maxRetries: 1), RunnerHarness.Request());
        var e = Assert.IsType<VivgridException>(result.Failure);
        AssertNoKey(e, result);
    }

    [Fact]
    public async Task Connection_refused_does_not_leak_the_key()
    {
        var port = LoopbackPort.Unused();
        var runner = RunnerHarness.Runner(new Uri($"http://127.0.0.1:{port}/v1/"), maxRetries: 1);
        var result = await RunnerHarness.RunAsync(runner, RunnerHarness.Request());
        var e = Assert.IsType<VivgridException>(result.Failure);
        Assert.Equal(VivgridErrorId.ConnectionFailed, e.ErrorId);
        Assert.Single(result.Retries);
        AssertNoKey(e, result);
    }

    [Fact]
    public void Redactor_masks_a_key_cut_off_at_the_end_of_a_truncated_text()
    {
        Assert.Equal("see ***", SecretRedactor.Redact("see " + Key.Substring(0, 12), Key));
        Assert.Equal("see ***…", SecretRedactor.Redact("see " + Key.Substring(0, 12) + "…", Key));
        Assert.Equal("a test of text", SecretRedactor.Redact("a test of text", Key));
        Assert.Equal("Authorization: Bearer ***", SecretRedactor.Redact("Authorization: Bearer abc.def-ghi", null));
    }

    [Theory]
    [InlineData("http://example.invalid/v1", false, VivgridErrorId.UnencryptedAuthentication)]
    [InlineData("http://10.1.2.3:8080/v1", false, VivgridErrorId.UnencryptedAuthentication)]
    [InlineData("http://example.invalid/v1", true, null)]
    [InlineData("http://localhost:9/v1", false, null)]
    [InlineData("http://127.0.0.1:9/v1", false, null)]
    [InlineData("http://[::1]:9/v1", false, null)]
    [InlineData("https://example.invalid/v1", false, null)]
    public async Task Unencrypted_key_to_a_remote_host_is_refused_before_sending(string baseUri, bool allow, string? expectedId)
    {
        var handler = new CountingHandler();
        var transport = new ApiTransport(new HttpClient(handler), new VivgridConnection(new Uri(baseUri), Key, allow),
            new RetryPolicy(0), TimeSpan.FromSeconds(5));
        var result = await RunnerHarness.RunAsync(new ChatRunner(transport, new ChatCallOptions()), RunnerHarness.Request());
        var e = Assert.IsType<VivgridException>(result.Failure);
        if (expectedId is null)
        {
            Assert.Equal(1, handler.Sent);
            Assert.Equal(VivgridErrorId.ConnectionFailed, e.ErrorId);
        }
        else
        {
            Assert.Equal(0, handler.Sent);
            Assert.Equal(expectedId, e.ErrorId);
            Assert.DoesNotContain(Key, e.ToString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Missing_key_fails_before_sending(string? key)
    {
        var handler = new CountingHandler();
        var transport = new ApiTransport(new HttpClient(handler), new VivgridConnection(_emulator.Server.BaseUri, key),
            new RetryPolicy(3), TimeSpan.FromSeconds(5));
        var result = await RunnerHarness.RunAsync(new ChatRunner(transport, new ChatCallOptions()), RunnerHarness.Request());
        var e = Assert.IsType<VivgridException>(result.Failure);
        Assert.Equal(VivgridErrorId.ApiKeyMissing, e.ErrorId);
        Assert.Equal(0, handler.Sent);
        Assert.Empty(result.Retries);
    }

    [Fact]
    public async Task Key_goes_only_into_the_Authorization_header()
    {
        _emulator.Server.State.Reset();
        var options = new ChatCallOptions { IdleTimeout = TimeSpan.FromSeconds(10), EmitDebug = true };
        var result = await RunnerHarness.RunAsync(RunnerHarness.Runner(_emulator.Server.BaseUri, options: options), RunnerHarness.Request());
        Assert.Null(result.Failure);
        var request = Assert.Single(_emulator.Server.State.Requests);
        Assert.Equal("Bearer " + Key, request.Headers["Authorization"]);
        Assert.DoesNotContain(Key, request.Body);
        foreach (var e in result.Events) Assert.DoesNotContain(Key, e.Text ?? string.Empty);
        Assert.Contains(result.Events, e => e.Kind == ChatEventKind.Debug && e.Text!.Contains("Bearer ***"));
    }

    private static void AssertNoKey(VivgridException e, RunResult result)
    {
        var texts = new List<string?> { e.Message, e.ToString(), e.RecommendedAction };
        if (e.ApiError is { } api) texts.AddRange(new[] { api.Message, api.RawBody, api.Type, api.Code, api.Param, api.RequestId, api.ToString() });
        for (Exception? inner = e.InnerException; inner != null; inner = inner.InnerException) texts.Add(inner.Message);
        if (result.Partial is { } outcome && outcome.Completion!.StreamError is { } streamError)
        {
            texts.AddRange(new[] { streamError.Message, streamError.Code, streamError.RawBody });
        }
        foreach (var ev in result.Events)
        {
            texts.Add(ev.Text);
            texts.Add(ev.Retry?.Reason);
            texts.Add(ev.Retry?.ToString());
        }
        foreach (var text in texts)
        {
            Assert.DoesNotContain(Key, text ?? string.Empty);
            // Half a key is still a leak: the first or last 12 characters must not show either.
            Assert.DoesNotContain(Key.Substring(0, 12), text ?? string.Empty);
            Assert.DoesNotContain(Key.Substring(Key.Length - 12), text ?? string.Empty);
        }
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Sent);
            throw new HttpRequestException("refused by the test handler");
        }
    }
}
