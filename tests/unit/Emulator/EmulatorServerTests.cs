using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Tests.Emulator;

public sealed class EmulatorServerTests : IClassFixture<EmulatorFixture>
{
    private const string ChatStream = """{"model":"gpt-5","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there world"}]}""";

    private readonly EmulatorFixture _fixture;

    public EmulatorServerTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.State.Reset();
    }

    [Fact]
    public void BaseUri_IsLoopbackV1WithTrailingSlash()
    {
        Assert.Equal("127.0.0.1", _fixture.Server.BaseUri.Host);
        Assert.EndsWith("/v1/", _fixture.Server.BaseUri.AbsoluteUri);
    }

    [Fact]
    public async Task DefaultStream_SendsSeveralDeltas_ThenUsageChunk_ThenDone()
    {
        using HttpClient client = _fixture.CreateClient();
        using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        List<string> events = SseEvents(await response.Content.ReadAsStringAsync());

        Assert.Equal("[DONE]", events[^1]);
        using JsonDocument usageChunk = JsonDocument.Parse(events[^2]);
        Assert.Equal(0, usageChunk.RootElement.GetProperty("choices").GetArrayLength());
        JsonElement usage = usageChunk.RootElement.GetProperty("usage");

        List<JsonDocument> chunks = events.Take(events.Count - 2).Select(e => JsonDocument.Parse(e)).ToList();
        string text = string.Concat(chunks.Select(c => c.RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString()));
        Assert.Equal("Echo: hello there world", text);
        Assert.True(chunks.Count(c => c.RootElement.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out JsonElement t) && t.GetString()!.Length > 0) >= 3);
        Assert.Equal("stop", chunks[^1].RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("gpt-5", chunks[0].RootElement.GetProperty("model").GetString());

        // Estimate: ceil(bytes/4)+3 per message, +3 priming; "be brief"=2, "hello there world"=5 -> 2+3+5+3+3 = 16.
        Assert.Equal(16, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(6, usage.GetProperty("completion_tokens").GetInt32()); // "Echo: hello there world" = 23 bytes
        Assert.Equal(22, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task StreamWithoutIncludeUsage_HasNoUsageChunk()
    {
        using HttpClient client = _fixture.CreateClient();
        string body = """{"stream":true,"messages":[{"role":"user","content":"a b c"}]}""";
        using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(body));
        List<string> events = SseEvents(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events, e => e.Contains("\"usage\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"model":"managed","messages":[{"role":"user","content":"ping"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"ping"}]}""")]
    public async Task NonStream_HasChatCompletionShape_AndTheDefaultModelAnswersAsManaged(string request)
    {
        // Vivgrid's samples echo "managed", not the model that ran (VIVGRID-API.md §1): the default path stays unpriced.
        using HttpClient client = _fixture.CreateClient();
        using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(request));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = doc.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("managed", root.GetProperty("model").GetString());
        JsonElement choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Echo: ping", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(3, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task MaxCompletionTokens_TruncatesAndReportsLength()
    {
        using HttpClient client = _fixture.CreateClient();
        string body = """{"max_completion_tokens":2,"messages":[{"role":"user","content":"a fairly long message to echo back"}]}""";
        using JsonDocument doc = JsonDocument.Parse(await (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Content.ReadAsStringAsync());
        JsonElement choice = doc.RootElement.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("Echo: a ", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Summarize_BuildsUpToFiveBulletsFromMaterial()
    {
        using HttpClient client = _fixture.CreateClient();
        string body = """{"messages":[{"role":"user","content":"Summarize this:\none\n\ntwo\nthree\nfour\nfive\nsix"}]}""";
        using JsonDocument doc = JsonDocument.Parse(await (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Content.ReadAsStringAsync());
        Assert.Equal("- one\n- two\n- three\n- four\n- five", doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task JsonSchema_ProducesSampleObject()
    {
        using HttpClient client = _fixture.CreateClient();
        string body = """
            {"messages":[{"role":"user","content":"x"}],"max_completion_tokens":1,"response_format":{"type":"json_schema","json_schema":{"name":"t","schema":
            {"type":"object","properties":{"s":{"type":"string"},"n":{"type":"number"},"b":{"type":"boolean"},"e":{"type":"string","enum":["red","blue"]},
            "a":{"type":"array","items":{"type":"integer"}},"o":{"type":"object","properties":{"r":{"$ref":"#/$defs/leaf"}}}},"$defs":{"leaf":{"type":["string","null"]}}}}}}
            """;
        using JsonDocument doc = JsonDocument.Parse(await (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Content.ReadAsStringAsync());
        JsonElement choice = doc.RootElement.GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("""{"s":"sample","n":1,"b":true,"e":"red","a":[1],"o":{"r":"sample"}}""", choice.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task JsonObject_EchoesText()
    {
        using HttpClient client = _fixture.CreateClient();
        string body = """{"messages":[{"role":"user","content":"say \"hi\""}],"response_format":{"type":"json_object"}}""";
        using JsonDocument doc = JsonDocument.Parse(await (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Content.ReadAsStringAsync());
        string content = doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        using JsonDocument inner = JsonDocument.Parse(content);
        Assert.Equal("say \"hi\"", inner.RootElement.GetProperty("echo").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("rejected-key")]
    public async Task MissingOrRejectedKey_Gets401Envelope_WithoutEchoingKey(string? key)
    {
        using HttpClient client = _fixture.CreateClient(key);
        using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("rejected-key", text);
        using JsonDocument doc = JsonDocument.Parse(text);
        JsonElement error = doc.RootElement.GetProperty("error");
        Assert.StartsWith("Incorrect API key provided", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Scripted429_SendsStatusHeaderAndBody_ThenDefaultResumes()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply
        {
            Status = 429,
            Body = """{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}""",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
        });
        using HttpClient client = _fixture.CreateClient();
        using HttpResponseMessage first = await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream));
        Assert.Equal((HttpStatusCode)429, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Contains("slow down", await first.Content.ReadAsStringAsync());

        using HttpResponseMessage second = await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task ScriptEndpoint_QueuesFifoWithRepeat()
    {
        using HttpClient client = _fixture.CreateClient();
        string script = """[{"content":"first","repeat":2},{"chunks":["x","y"],"model":"m1","finishReason":"length","usage":{"prompt_tokens":7,"completion_tokens":9,"total_tokens":16}}]""";
        using HttpResponseMessage queued = await client.PostAsync(new Uri(_fixture.Server.BaseUri, "/_emulator/script"), EmulatorFixture.Json(script));
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        string body = """{"messages":[{"role":"user","content":"q"}]}""";
        var contents = new List<string>();
        JsonElement lastUsage = default;
        string? lastModel = null, lastFinish = null;
        for (int i = 0; i < 4; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(await (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Content.ReadAsStringAsync());
            JsonElement choice = doc.RootElement.GetProperty("choices")[0];
            contents.Add(choice.GetProperty("message").GetProperty("content").GetString()!);
            if (i == 2)
            {
                lastUsage = doc.RootElement.GetProperty("usage").Clone();
                lastModel = doc.RootElement.GetProperty("model").GetString();
                lastFinish = choice.GetProperty("finish_reason").GetString();
            }
        }

        Assert.Equal(new[] { "first", "first", "xy", "Echo: q" }, contents);
        Assert.Equal("""{"prompt_tokens":7,"completion_tokens":9,"total_tokens":16}""", lastUsage.GetRawText());
        Assert.Equal("m1", lastModel);
        Assert.Equal("length", lastFinish);
    }

    [Fact]
    public async Task ScriptEndpoint_RejectsUnknownFaultAndMissingReplayFile()
    {
        using HttpClient client = _fixture.CreateClient();
        foreach (string bad in new[] { """[{"fault":"explode"}]""", """[{"replay":"no-such-file.sse"}]""", """[{"replay":"../SPEC.md"}]""", "not json" })
        {
            using HttpResponseMessage response = await client.PostAsync(new Uri(_fixture.Server.BaseUri, "/_emulator/script"), EmulatorFixture.Json(bad));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(0, _fixture.Server.State.PendingReplies);
    }

    [Fact]
    public async Task ScriptedToolCalls_StreamAsFragments_WithToolCallsFinish()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { ToolCalls = [new ScriptedToolCall { Id = "call_1", Name = "get_weather", Arguments = """{"city":"Paris"}""" }] });
        using HttpClient client = _fixture.CreateClient();
        using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream));
        List<string> events = SseEvents(await response.Content.ReadAsStringAsync());
        var deltas = events.Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement).Where(r => r.GetProperty("choices").GetArrayLength() > 0).ToList();
        var fragments = deltas.Select(d => d.GetProperty("choices")[0].GetProperty("delta")).Where(d => d.TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("tool_calls")[0]).ToList();
        Assert.True(fragments.Count >= 3);
        Assert.Equal("call_1", fragments[0].GetProperty("id").GetString());
        Assert.Equal("get_weather", fragments[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"city":"Paris"}""", string.Concat(fragments.Select(f => f.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("tool_calls", deltas[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task DisconnectFault_FailsClientAfterSomeBytes()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { Content = "one two three four five", Fault = "disconnect", AfterChunks = 2 });
        using HttpClient client = _fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = EmulatorFixture.Json(ChatStream) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string>();
        Exception? error = await Record.ExceptionAsync(async () =>
        {
            while (await reader.ReadLineAsync() is string line)
            {
                lines.Add(line);
            }
        });

        Assert.True(error is IOException or HttpRequestException, "expected a transport error, got " + error);
        Assert.Contains(lines, l => l.Contains("\" two\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("three", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResetFault_FailsBeforeAnyResponse()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { Fault = "reset" });
        using HttpClient client = _fixture.CreateClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream)));
        Assert.Null(_fixture.Server.State.Requests.Single().FirstByteAt);
    }

    [Fact]
    public async Task StallFault_HoldsUntilClientCancels()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { Content = "one two three", Fault = "stall", AfterChunks = 1 });
        using HttpClient client = _fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = EmulatorFixture.Json(ChatStream) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));
        var lines = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await reader.ReadLineAsync(cancel.Token) is string line)
            {
                lines.Add(line);
            }
        });

        Assert.True(watch.ElapsedMilliseconds >= 500, "stall released early: " + watch.ElapsedMilliseconds);
        Assert.Contains(lines, l => l.Contains("\"one\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("two", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_IsByteIdenticalToFile_EvenInSmallChunks()
    {
        string file = Path.Combine(RealDataLocator.Resolve(), "chat-stream-usage.sse");
        byte[] expected = await File.ReadAllBytesAsync(file);
        _fixture.Server.State.Enqueue(new ScriptedReply { Replay = "chat-stream-usage.sse" });
        _fixture.Server.State.Enqueue(new ScriptedReply { Replay = "chat-stream-usage.sse", ReplayChunkBytes = 97, ChunkDelayMs = 1 });
        using HttpClient client = _fixture.CreateClient();
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream));
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Models_ListsCatalogIds()
    {
        using HttpClient client = _fixture.CreateClient();
        using JsonDocument doc = JsonDocument.Parse(await client.GetStringAsync("models"));
        Assert.Equal("list", doc.RootElement.GetProperty("object").GetString());
        string[] ids = doc.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(13, ids.Length);
        Assert.Contains("gpt-5.4-mini", ids);
        Assert.Contains("gpt-5.2-codex", ids);
        Assert.Contains("deepseek-v3.2", ids);
        JsonElement first = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("model", first.GetProperty("object").GetString());
        Assert.True(first.GetProperty("created").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("owned_by").GetString()));
    }

    [Fact]
    public async Task ResponsesStream_EmitsNamedEvents_AndCompletedUsage()
    {
        using HttpClient client = _fixture.CreateClient();
        string body = """{"model":"gpt-5.1-codex","stream":true,"instructions":"be brief","input":[{"role":"user","content":[{"type":"input_text","text":"hello there world"}]}]}""";
        using HttpResponseMessage response = await client.PostAsync("responses", EmulatorFixture.Json(body));
        string text = await response.Content.ReadAsStringAsync();
        string[] names = text.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l.Substring(7)).ToArray();
        Assert.Equal("response.created", names[0]);
        Assert.Equal("response.completed", names[^1]);
        foreach (string expected in new[] { "response.output_item.added", "response.output_text.delta", "response.output_text.done", "response.output_item.done" })
        {
            Assert.Contains(expected, names);
        }

        List<JsonElement> data = SseEvents(text).Select(e => JsonDocument.Parse(e).RootElement).ToList();
        string joined = string.Concat(data.Where(d => d.GetProperty("type").GetString() == "response.output_text.delta").Select(d => d.GetProperty("delta").GetString()));
        Assert.Equal("Echo: hello there world", joined);
        JsonElement completed = data[^1].GetProperty("response");
        Assert.Equal("gpt-5.1-codex", completed.GetProperty("model").GetString());
        JsonElement usage = completed.GetProperty("usage");
        Assert.Equal(16, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(6, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(22, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(Enumerable.Range(0, data.Count), data.Select(d => d.GetProperty("sequence_number").GetInt32()));
    }

    [Fact]
    public async Task ResponsesNonStream_WithScriptedToolCall_HasFunctionCallItem()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { Content = "calling", ToolCalls = [new ScriptedToolCall { Id = "call_9", Name = "lookup", Arguments = "{}" }] });
        using HttpClient client = _fixture.CreateClient();
        using JsonDocument doc = JsonDocument.Parse(await (await client.PostAsync("responses", EmulatorFixture.Json("""{"input":"hi"}"""))).Content.ReadAsStringAsync());
        JsonElement output = doc.RootElement.GetProperty("output");
        Assert.Equal("message", output[0].GetProperty("type").GetString());
        Assert.Equal("calling", output[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("function_call", output[1].GetProperty("type").GetString());
        Assert.Equal("call_9", output[1].GetProperty("call_id").GetString());
        Assert.Equal("lookup", output[1].GetProperty("name").GetString());
        Assert.Equal("completed", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RecordedRequests_ExposeBodyHeadersAndOrderedTimestamps()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { Content = "x", FirstByteDelayMs = 30 });
        using HttpClient client = _fixture.CreateClient();
        (await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream))).Dispose();

        using JsonDocument doc = JsonDocument.Parse(await client.GetStringAsync(new Uri(_fixture.Server.BaseUri, "/_emulator/requests")));
        JsonElement request = doc.RootElement.EnumerateArray().Single();
        Assert.Equal("POST", request.GetProperty("method").GetString());
        Assert.Equal("/v1/chat/completions", request.GetProperty("path").GetString());
        Assert.Equal(ChatStream, request.GetProperty("body").GetString());
        Assert.Equal("Bearer test-key", request.GetProperty("headers").GetProperty("Authorization").GetString());
        string received = request.GetProperty("receivedAt").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", received);
        DateTime r = DateTime.Parse(received, null, System.Globalization.DateTimeStyles.RoundtripKind);
        DateTime f = DateTime.Parse(request.GetProperty("firstByteAt").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        DateTime c = DateTime.Parse(request.GetProperty("completedAt").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.True(f - r >= TimeSpan.FromMilliseconds(25), $"first byte {f:O} too close to receive {r:O}");
        Assert.True(c >= f);

        using HttpResponseMessage cleared = await client.DeleteAsync(new Uri(_fixture.Server.BaseUri, "/_emulator/requests"));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(_fixture.Server.State.Requests);
    }

    [Fact]
    public async Task FiftyParallelRequests_EachGetTheirOwnEcho()
    {
        using HttpClient client = _fixture.CreateClient();
        string[] replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            string body = "{\"stream\":" + (i % 2 == 0 ? "true" : "false") + ",\"messages\":[{\"role\":\"user\",\"content\":\"request " + i + "\"}]}";
            using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(body));
            string text = await response.Content.ReadAsStringAsync();
            return i % 2 == 0
                ? string.Concat(SseEvents(text).Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta"))
                    .Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString()))
                : JsonDocument.Parse(text).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        }));

        for (int i = 0; i < 50; i++)
        {
            Assert.Equal("Echo: request " + i, replies[i]);
        }

        Assert.Equal(50, _fixture.Server.State.Requests.Count);
    }

    [Fact]
    public async Task RateLimitedMode_Answers429WithRetryAfter_BeyondItsBucket_AndCountsBoth()
    {
        _fixture.Server.State.SetRateLimit(3);
        using HttpClient client = _fixture.CreateClient();
        var statuses = new List<int>();
        HttpResponseMessage? refused = null;
        for (int i = 0; i < 4; i++)
        {
            HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(ChatStream));
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429) refused = response; else response.Dispose();
        }

        Assert.Equal([200, 200, 200, 429], statuses);
        using (refused)
        {
            Assert.InRange(int.Parse(refused!.Headers.GetValues("retry-after-ms").Single()), 1, 334);
            Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
            using JsonDocument error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("rate_limit_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        Assert.Equal(3, _fixture.Server.State.RateLimit!.Admitted);
        Assert.Equal(1, _fixture.Server.State.RateLimit!.Limited);
        _fixture.Server.State.Reset();
        Assert.Null(_fixture.Server.State.RateLimit);
    }

    private static List<string> SseEvents(string text) =>
        text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l.Substring(6)).ToList();
}
