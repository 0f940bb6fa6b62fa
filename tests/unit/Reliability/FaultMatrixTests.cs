using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Tests.Emulator;
using Xunit;

namespace VivgridPS.Tests.Reliability;

/// <summary>
/// The fault matrix: every scripted fault, streamed and not, against the expected outcome (retried, typed failure,
/// or interruption with the partial answer). The row count is in <see cref="MatrixSize"/> (asserted ≥ 40) and each
/// row's name says fault → stream mode → outcome. 78 rows at the time of writing; the whole class runs in ~8 s.
/// </summary>
public sealed class FaultMatrixTests : IClassFixture<EmulatorFixture>
{
    private const string Answer = "All good now";
    private static readonly string[] Pieces = { "Hello ", "brave ", "new ", "world" };
    private static readonly Dictionary<string, FaultRow> Matrix = BuildMatrix();
    private readonly EmulatorFixture _emulator;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FaultMatrixTests(EmulatorFixture emulator, Xunit.Abstractions.ITestOutputHelper output)
    {
        _emulator = emulator;
        _output = output;
    }

    public static int MatrixSize => Matrix.Count;

    public static TheoryData<string> Rows
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Matrix.Keys) data.Add(name);
            return data;
        }
    }

    [Fact]
    public void Matrix_has_at_least_40_rows()
    {
        _output.WriteLine($"fault matrix: {MatrixSize} rows");
        Assert.True(MatrixSize >= 40, $"matrix has {MatrixSize} rows");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Fault(string row)
    {
        var spec = Matrix[row];
        var state = _emulator.Server.State;
        state.Reset();
        spec.Script(state);
        var runner = spec.Runner(_emulator.Server.BaseUri);
        var clock = Stopwatch.StartNew();
        var result = await RunnerHarness.RunAsync(runner, RunnerHarness.Request("Say hello", spec.Stream, spec.Api));
        clock.Stop();
        var run = new FaultRun(result, state.Requests.Count, clock.Elapsed);
        spec.Check(run);
        Assert.Equal(spec.Stream ? "text/event-stream" : "application/json", state.Requests[0].Headers["Accept"]);
        Assert.EndsWith(spec.Api == ChatApi.Responses ? "/v1/responses" : "/v1/chat/completions", state.Requests[0].Path);
    }

    private static Dictionary<string, FaultRow> BuildMatrix()
    {
        var rows = new Dictionary<string, FaultRow>();
        void Add(string name, bool stream, Action<EmulatorState> script, Action<FaultRun> check, Func<Uri, ChatRunner>? runner = null, ChatApi api = ChatApi.Chat) =>
            rows.Add($"{name} [{(api == ChatApi.Responses ? "responses " : "")}{(stream ? "stream" : "json")}]", new FaultRow(stream, script, runner ?? (u => RunnerHarness.Runner(u)), check, api));

        foreach (var stream in new[] { true, false })
        {
            Add("200 success → full text, no retry", stream, s => s.Enqueue(Ok()), r => Succeeded(r, retries: 0));
            foreach (var status in new[] { 408, 409, 429, 500, 502, 503, 504 })
            {
                Add($"{status} then success → retried once", stream,
                    s => { s.Enqueue(new ScriptedReply { Status = status }); s.Enqueue(Ok()); },
                    r =>
                    {
                        Succeeded(r, retries: 1);
                        Assert.Contains($"HTTP {status}", r.Result.Retries[0].Retry!.Reason);
                        Assert.InRange(r.Result.Retries[0].Retry!.Delay, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40));
                    });
            }
            Add("429 retry-after-ms 50 → waits exactly 50 ms", stream,
                s => { s.Enqueue(new ScriptedReply { Status = 429, Headers = new() { ["retry-after-ms"] = "50" } }); s.Enqueue(Ok()); },
                r => { Succeeded(r, retries: 1); Assert.Equal(TimeSpan.FromMilliseconds(50), r.Result.Retries[0].Retry!.Delay); });
            Add("400 realdata invalid schema → InvalidRequest, no retry", stream, s => s.Enqueue(RealError(400, "error-400.json")),
                r => FailedWithRealError(r, VivgridErrorId.InvalidRequest, 400, "error-400.json"));
            Add("401 realdata bad key → ApiKeyRejected, no retry", stream, s => s.Enqueue(RealError(401, "error-401.json")),
                r => FailedWithRealError(r, VivgridErrorId.ApiKeyRejected, 401, "error-401.json"));
            Add("403 → PermissionDenied, no retry", stream,
                s => s.Enqueue(new ScriptedReply { Status = 403, Body = "{\"error\":{\"message\":\"This project may not use the model.\",\"type\":\"permission_error\",\"param\":null,\"code\":\"model_access_denied\"}}" }),
                r =>
                {
                    var e = Failed(r, VivgridErrorId.PermissionDenied, 403, requests: 1);
                    Assert.Equal("permission_error", e.ApiError!.Type);
                    Assert.Equal("model_access_denied", e.ApiError.Code);
                    Assert.Contains("This project may not use the model.", e.Message);
                });
            Add("404 realdata model_not_found → ModelNotFound, no retry", stream, s => s.Enqueue(RealError(404, "error-404-model.json")),
                r => FailedWithRealError(r, VivgridErrorId.ModelNotFound, 404, "error-404-model.json"));
            Add("422 → InvalidRequest, no retry", stream, s => s.Enqueue(new ScriptedReply { Status = 422 }),
                r => { var e = Failed(r, VivgridErrorId.InvalidRequest, 422, requests: 1); Assert.Contains("Emulated error 422", e.ApiError!.Message); });
            Add("400 realdata context_length_exceeded → ContextWindowExceeded", stream, s => s.Enqueue(RealError(400, "error-context-length.json")),
                r => FailedWithRealError(r, VivgridErrorId.ContextWindowExceeded, 400, "error-context-length.json"));
            Add("429 insufficient_quota → RateLimited, not retried", stream,
                s => s.Enqueue(new ScriptedReply { Status = 429, Body = "{\"error\":{\"message\":\"You exceeded your current quota.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}" }),
                r => { var e = Failed(r, VivgridErrorId.RateLimited, 429, requests: 1); Assert.Contains("You exceeded your current quota.", e.Message); });
            Add("429 realdata OpenRouter numeric code then success → retried", stream,
                s => { s.Enqueue(RealError(429, "error-429-openrouter.json")); s.Enqueue(Ok()); },
                r => { Succeeded(r, retries: 1); Assert.Contains("Provider returned error", r.Result.Retries[0].Retry!.Reason); });
            Add("502 HTML proxy page ×4 → ServerError with readable text", stream,
                s => s.Enqueue(new ScriptedReply { Status = 502, Body = ProxyPage, ContentType = "text/html", Repeat = 4 }),
                r =>
                {
                    var e = Failed(r, VivgridErrorId.ServerError, 502, requests: 4);
                    Assert.Equal(3, r.Result.Retries.Count);
                    Assert.Contains("502 Bad Gateway", e.Message);
                    Assert.Contains("The upstream server did not answer", e.Message);
                    Assert.DoesNotContain("<html", e.Message, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("<h1", e.ApiError!.RawBody!, StringComparison.OrdinalIgnoreCase);
                });
            Add("reset before first byte then success → retried ConnectionFailed", stream,
                s => { s.Enqueue(new ScriptedReply { Fault = "reset" }); s.Enqueue(Ok()); },
                r => { Succeeded(r, retries: 1); Assert.Contains("Could not reach", r.Result.Retries[0].Retry!.Reason); });
            Add("reset ×3 with 2 retries → ConnectionFailed", stream,
                s => s.Enqueue(new ScriptedReply { Fault = "reset", Repeat = 3 }),
                r => { Failed(r, VivgridErrorId.ConnectionFailed, null, requests: 3); Assert.Equal(2, r.Result.Retries.Count); },
                u => RunnerHarness.Runner(u, maxRetries: 2));
            Add("first byte after 1.5 s > 250 ms first-byte timeout → retried Timeout", stream,
                s => { s.Enqueue(new ScriptedReply { FirstByteDelayMs = 1500, Content = "late" }); s.Enqueue(Ok()); },
                r => { Succeeded(r, retries: 1); Assert.Contains("No response", r.Result.Retries[0].Retry!.Reason); },
                u => RunnerHarness.Runner(u, firstByteTimeout: TimeSpan.FromMilliseconds(250)));
            Add("whole-call timeout 400 ms, first byte after 3 s → Timeout", stream,
                s => s.Enqueue(new ScriptedReply { FirstByteDelayMs = 3000, Content = "late" }),
                r =>
                {
                    var e = Failed(r, VivgridErrorId.Timeout, null, requests: 1);
                    Assert.Equal(VivgridErrorKind.Timeout, e.Kind);
                    Assert.True(r.Elapsed < TimeSpan.FromSeconds(2.8), $"took {r.Elapsed}"); // the reply comes after 3 s
                },
                u => RunnerHarness.Runner(u, options: new ChatCallOptions { Timeout = TimeSpan.FromMilliseconds(400) }));
            Add("503 ×3 with 2 retries → exhausted, last error", stream,
                s => s.Enqueue(new ScriptedReply { Status = 503, Repeat = 3 }),
                r =>
                {
                    var e = Failed(r, VivgridErrorId.ServerError, 503, requests: 3);
                    Assert.Equal(2, r.Result.Retries.Count);
                    Assert.Equal(new[] { 1, 2 }, r.Result.Retries.Select(x => x.Retry!.Attempt));
                    Assert.Contains("The server had an error", e.Message);
                },
                u => RunnerHarness.Runner(u, maxRetries: 2));
            Add("429 Retry-After 600 s > MaxRetryAfter → fails at once with service message", stream,
                s => s.Enqueue(new ScriptedReply { Status = 429, Headers = new() { ["Retry-After"] = "600" } }),
                r =>
                {
                    var e = Failed(r, VivgridErrorId.RateLimited, 429, requests: 1);
                    Assert.Empty(r.Result.Retries);
                    Assert.Contains("Rate limit reached", e.Message);
                    Assert.Equal(TimeSpan.FromSeconds(600), e.RetryAfter);
                    Assert.True(r.Elapsed < TimeSpan.FromSeconds(3), $"took {r.Elapsed}"); // waiting would take 600 s
                });
            Add("503 whose error body never ends then success → retried, not hung", stream,
                s => { s.Enqueue(new ScriptedReply { Status = 503, Body = "{\"error\":{\"message\":\"overloaded\"}}", Fault = "stall" }); s.Enqueue(Ok()); },
                r =>
                {
                    Succeeded(r, retries: 1);
                    Assert.Contains("overloaded", r.Result.Retries[0].Retry!.Reason);
                    Assert.True(r.Elapsed < TimeSpan.FromSeconds(4), $"took {r.Elapsed}"); // a hang would take the 20 s safety cancel
                },
                u => RunnerHarness.Runner(u, firstByteTimeout: TimeSpan.FromMilliseconds(400)));
            Add("Responses 500 then success → retried", stream,
                s => { s.Enqueue(new ScriptedReply { Status = 500 }); s.Enqueue(Ok()); },
                r => Succeeded(r, retries: 1), api: ChatApi.Responses);
            Add("Responses 401 → ApiKeyRejected", stream, s => s.Enqueue(RealError(401, "error-401.json")),
                r => FailedWithRealError(r, VivgridErrorId.ApiKeyRejected, 401, "error-401.json"), api: ChatApi.Responses);
            Add("200 HTML captive-portal page → MalformedResponse with readable text, not retried", stream,
                s => s.Enqueue(new ScriptedReply { Status = 200, ContentType = "text/html; charset=utf-8", Repeat = 4,
                    Body = "<html><head><title>Hotel Wi-Fi</title></head><body><p>Please accept the terms &amp; log in.</p></body></html>" }),
                r =>
                {
                    var e = Failed(r, VivgridErrorId.MalformedResponse, 200, requests: 1);
                    Assert.Contains("Please accept the terms & log in.", e.Message);
                    Assert.DoesNotContain("<p>", e.Message);
                });
            Add("200 with 0 retries allowed after 500 → no retry", stream,
                s => s.Enqueue(new ScriptedReply { Status = 500 }),
                r => { Failed(r, VivgridErrorId.ServerError, 500, requests: 1); Assert.Empty(r.Result.Retries); },
                u => RunnerHarness.Runner(u, maxRetries: 0));
        }

        // Only one or two rows pay for a real one-second Retry-After.
        Add("429 Retry-After 1 s → waits 1 s", true,
            s => { s.Enqueue(new ScriptedReply { Status = 429, Headers = new() { ["Retry-After"] = "1" } }); s.Enqueue(Ok()); },
            r =>
            {
                Succeeded(r, retries: 1);
                Assert.Equal(TimeSpan.FromSeconds(1), r.Result.Retries[0].Retry!.Delay);
                Assert.True(r.Elapsed >= TimeSpan.FromMilliseconds(950), $"took {r.Elapsed}");
            });
        Add("503 Retry-After HTTP-date ~1.5 s ahead → waits until then", true,
            s =>
            {
                var at = DateTimeOffset.UtcNow.AddSeconds(1.5).ToString("r", CultureInfo.InvariantCulture);
                s.Enqueue(new ScriptedReply { Status = 503, Headers = new() { ["Retry-After"] = at } });
                s.Enqueue(Ok());
            },
            r =>
            {
                Succeeded(r, retries: 1);
                // The date has whole seconds, so the wait is 0.5 s to 1.5 s.
                Assert.InRange(r.Result.Retries[0].Retry!.Delay, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1600));
            });
        Add("429 retry-after-ms 30 beats Retry-After 30 s", true,
            s => { s.Enqueue(new ScriptedReply { Status = 429, Headers = new() { ["retry-after-ms"] = "30", ["Retry-After"] = "30" } }); s.Enqueue(Ok()); },
            r => { Succeeded(r, retries: 1); Assert.Equal(TimeSpan.FromMilliseconds(30), r.Result.Retries[0].Retry!.Delay); });

        // Breaks after text: never replayed, the delivered text is the partial result.
        for (var after = 1; after <= 3; after++)
        {
            var n = after;
            Add($"disconnect after {n} deltas → StreamInterrupted, partial kept, no replay", true,
                s => s.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "disconnect", AfterChunks = n }),
                r => Interrupted(r, string.Concat(Pieces.Take(n))));
        }
        Add("disconnect before any delta then success → retried", true,
            s => { s.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "disconnect", AfterChunks = 0 }); s.Enqueue(Ok()); },
            r => Succeeded(r, retries: 1));
        Add("stall after 2 deltas, idle 300 ms → interrupted within 1 s, partial kept", true,
            s => s.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "stall", AfterChunks = 2 }),
            r =>
            {
                var e = Interrupted(r, "Hello brave ");
                Assert.Contains("stalled", e.Message);
                Assert.True(r.Elapsed < TimeSpan.FromSeconds(2.5), $"took {r.Elapsed}"); // a hang would take the 20 s safety cancel
            },
            u => RunnerHarness.Runner(u, options: new ChatCallOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) }));
        Add("stall before any delta, idle 300 ms → retried", true,
            s => { s.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "stall", AfterChunks = 0 }); s.Enqueue(Ok()); },
            r => { Succeeded(r, retries: 1); Assert.Contains("stalled", r.Result.Retries[0].Retry!.Reason); },
            u => RunnerHarness.Runner(u, options: new ChatCallOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) }));
        Add("whole-call timeout 500 ms while streaming slowly → Timeout after text kept", true,
            s => s.Enqueue(new ScriptedReply { Chunks = Pieces, ChunkDelayMs = 300 }),
            r =>
            {
                var e = Assert.IsType<VivgridException>(r.Result.Failure);
                Assert.Equal(VivgridErrorKind.Timeout, e.Kind);
                var partial = Assert.IsType<ChatEvent>(r.Result.Partial);
                Assert.StartsWith(partial.Completion!.Content, string.Concat(Pieces));
                Assert.Equal(r.Result.Text, partial.Completion!.Content);
                Assert.Equal(1, r.Requests);
            },
            u => RunnerHarness.Runner(u, options: new ChatCallOptions { Timeout = TimeSpan.FromMilliseconds(500) }));
        Add("stream ends without [DONE] or finish → retried", true,
            s =>
            {
                s.Enqueue(new ScriptedReply { Status = 200, Body = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n", ContentType = "text/event-stream" });
                s.Enqueue(Ok());
            },
            r => Succeeded(r, retries: 1));
        Add("replayed realdata stream in 7-byte pieces → full text", true,
            s => s.Enqueue(new ScriptedReply { Replay = "chat-stream-usage.sse", ReplayChunkBytes = 7 }),
            r =>
            {
                Assert.Null(r.Result.Failure);
                Assert.Equal(RealData.Expected("chat-stream-usage.sse").GetProperty("content").GetString(), r.Result.Outcome!.Completion!.Content);
            });

        Add("Responses disconnect after 2 deltas → StreamInterrupted, partial kept", true,
            s => s.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "disconnect", AfterChunks = 2 }),
            r => Interrupted(r, "Hello brave "), api: ChatApi.Responses);
        Add("Responses realdata stream in 11-byte pieces → full text", true,
            s => s.Enqueue(new ScriptedReply { Replay = "responses-stream.sse", ReplayChunkBytes = 11 }),
            r =>
            {
                Assert.Null(r.Result.Failure);
                Assert.Equal(RealData.Expected("responses-stream.sse").GetProperty("output_text").GetString(), r.Result.Text);
            }, api: ChatApi.Responses);
        Add("Responses realdata error event (insufficient_quota) → RateLimited, not retried", true,
            s => s.Enqueue(new ScriptedReply { Replay = "responses-stream-error.sse", Repeat = 4 }),
            r =>
            {
                var e = Failed(r, VivgridErrorId.RateLimited, 429, requests: 1);
                Assert.Equal("insufficient_quota", e.ApiError!.Code);
                Assert.Contains("You exceeded your current quota", e.Message);
            }, api: ChatApi.Responses);
        Add("OpenRouter realdata error inside a 200 stream, usage sent → interrupted with usage kept", true,
            s => s.Enqueue(new ScriptedReply { Replay = "chat-stream-length-openrouter.sse" }),
            r =>
            {
                var e = Assert.IsType<VivgridException>(r.Result.Failure);
                Assert.Equal(VivgridErrorId.StreamInterrupted, e.ErrorId);
                Assert.Equal("Token limit reached", e.ApiError!.Message);
                var partial = Assert.IsType<ChatEvent>(r.Result.Partial);
                Assert.NotNull(partial.Completion!.Usage);
                Assert.Equal(1, r.Requests);
            });

        // Non-streamed bodies that break.
        Add("JSON body cut by disconnect then success → retried", false,
            s => { s.Enqueue(new ScriptedReply { Content = "A long enough answer to split in half", Fault = "disconnect" }); s.Enqueue(Ok()); },
            r => Succeeded(r, retries: 1));
        Add("JSON body cut by disconnect ×2 with 1 retry → typed StreamInterrupted", false,
            s => s.Enqueue(new ScriptedReply { Content = "A long enough answer to split in half", Fault = "disconnect", Repeat = 2 }),
            r => { Failed(r, VivgridErrorId.StreamInterrupted, null, requests: 2); Assert.Empty(r.Result.Text); },
            u => RunnerHarness.Runner(u, maxRetries: 1));
        Add("JSON body stalls half-way, idle 300 ms → Timeout within 1 s", false,
            s => s.Enqueue(new ScriptedReply { Content = "A long enough answer to split in half", Fault = "stall" }),
            r =>
            {
                Failed(r, VivgridErrorId.Timeout, null, requests: 1);
                Assert.True(r.Elapsed < TimeSpan.FromSeconds(2.5), $"took {r.Elapsed}"); // a hang would take the 20 s safety cancel
            },
            u => RunnerHarness.Runner(u, maxRetries: 0, options: new ChatCallOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) }));
        Add("200 truncated JSON body → MalformedResponse", false,
            s => s.Enqueue(new ScriptedReply { Status = 200, Body = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hel" }),
            r => Failed(r, VivgridErrorId.MalformedResponse, null, requests: 1));
        return rows;
    }

    private const string ProxyPage =
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>" +
        "<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer &amp; the proxy gave up.</p></body></html>";

    private static ScriptedReply Ok() => new ScriptedReply { Content = Answer };

    private static ScriptedReply RealError(int status, string file) =>
        new ScriptedReply { Status = status, Body = File.ReadAllText(RealData.Path(file)) };

    private static void Succeeded(FaultRun r, int retries)
    {
        Assert.Null(r.Result.Failure);
        Assert.Equal(Answer, r.Result.Text);
        var outcome = Assert.IsType<ChatEvent>(r.Result.Outcome);
        Assert.Equal(Answer, outcome.Completion!.Content);
        Assert.Equal(retries, outcome.Retries);
        Assert.Equal(retries, r.Result.Retries.Count);
        Assert.Equal(retries + 1, r.Requests);
    }

    private static VivgridException Failed(FaultRun r, string errorId, int? status, int requests)
    {
        var e = Assert.IsType<VivgridException>(r.Result.Failure);
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(status, e.HttpStatus);
        Assert.Equal(requests, r.Requests);
        Assert.Null(r.Result.Outcome);
        return e;
    }

    private static void FailedWithRealError(FaultRun r, string errorId, int status, string file)
    {
        var e = Failed(r, errorId, status, requests: 1);
        Assert.Empty(r.Result.Retries);
        var facts = RealData.Expected(file);
        Assert.Equal(facts.GetProperty("error_type").GetString(), e.ApiError!.Type);
        Assert.Equal(facts.GetProperty("error_code").ToString(), e.ApiError.Code);
        Assert.Equal(facts.GetProperty("error_message").GetString(), e.ApiError.Message);
        Assert.Contains(e.ApiError.Message!, e.Message);
    }

    private static VivgridException Interrupted(FaultRun r, string delivered)
    {
        var e = Assert.IsType<VivgridException>(r.Result.Failure);
        Assert.Equal(VivgridErrorId.StreamInterrupted, e.ErrorId);
        Assert.Equal(delivered, r.Result.Text);
        var partial = Assert.IsType<ChatEvent>(r.Result.Partial);
        Assert.Equal(delivered, partial.Completion!.Content);
        Assert.Null(partial.Completion!.FinishReason);
        Assert.Equal(1, r.Requests);
        Assert.Empty(r.Result.Retries);
        return e;
    }

    private sealed record FaultRow(bool Stream, Action<EmulatorState> Script, Func<Uri, ChatRunner> Runner, Action<FaultRun> Check, ChatApi Api);
}

public sealed record FaultRun(RunResult Result, int Requests, TimeSpan Elapsed);
