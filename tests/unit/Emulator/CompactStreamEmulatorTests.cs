using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Tests.Emulator;

/// <summary>The emulator serves Vivgrid's compact stream when the request carries X-Response-Format: vivgrid.</summary>
public sealed class CompactStreamEmulatorTests : IClassFixture<EmulatorFixture>
{
    private const string ManagedStream = """{"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hello there world"}]}""";

    private readonly EmulatorFixture _fixture;

    public CompactStreamEmulatorTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.State.Reset();
    }

    private async Task<List<string>> FramesAsync(string body, bool header = true)
    {
        using HttpClient client = _fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = EmulatorFixture.Json(body) };
        if (header) request.Headers.Add("X-Response-Format", "vivgrid");
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        string text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n\n", text);
        return text.Split("\n\n", System.StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    [Fact]
    public async Task DefaultReply_IsContentFrames_ThenModelUsageAndFinish()
    {
        List<string> frames = await FramesAsync(ManagedStream);
        Assert.Equal("p: finish", frames[^1]);
        Assert.StartsWith("u: {\"prompt_tokens\":", frames[^2]);
        Assert.Equal("m: \"gpt-5.4-mini\"", frames[^3]); // the model behind "managed"
        List<string> content = frames.Take(frames.Count - 3).ToList();
        Assert.True(content.Count >= 3);
        Assert.All(content, f => Assert.StartsWith("c: \"", f));
        Assert.Equal("Echo: hello there world",
            string.Concat(content.Select(f => System.Text.Json.JsonSerializer.Deserialize<string>(f.Substring(3)))));
    }

    [Fact]
    public async Task ScriptedReply_SendsReasoningAndServerToolFramesBeforeContent_AndCanOmitTheFinish()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply
        {
            Content = "Hi",
            ReasoningContent = "think",
            ServedModel = "gpt-5.2",
            OmitFinish = true,
            ServerToolCalls = new[] { new ScriptedServerToolCall { Id = "t1", Name = "search", Arguments = "{\"q\":1}", Result = "found" } },
        });
        List<string> frames = await FramesAsync(ManagedStream);
        Assert.Equal("g: \"think\"", frames[0]);
        Assert.Equal("f: {\"tool_call_id\":\"t1\",\"name\":\"search\",\"arguments\":\"{\\u0022q\\u0022:1}\"}", frames[1].Replace("\\\"", "\\u0022"));
        Assert.Equal("r: {\"status\":\"completed\",\"tool_call_id\":\"t1\",\"name\":\"search\",\"result\":\"found\"}", frames[2]);
        Assert.Equal("c: \"Hi\"", frames[3]);
        Assert.Equal("m: \"gpt-5.2\"", frames[4]);
        Assert.StartsWith("u: ", frames[^1]);
        Assert.DoesNotContain(frames, f => f.StartsWith("p:"));
    }

    [Fact]
    public async Task WithoutTheHeader_TheStreamIsOpenAiSse()
    {
        List<string> frames = await FramesAsync(ManagedStream, header: false);
        Assert.Equal("data: [DONE]", frames[^1]);
        Assert.All(frames, f => Assert.StartsWith("data: ", f));
    }
}
