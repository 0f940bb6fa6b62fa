using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Tests.Emulator;

public sealed class LatencyOptionTests
{
    [Fact]
    public async Task LatencyMs_DelaysDefaultReplies_ButNotScriptedOnes()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { LatencyMs = 250 });
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k");
        string body = """{"messages":[{"role":"user","content":"hi"}]}""";

        var watch = Stopwatch.StartNew();
        (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Dispose();
        Assert.True(watch.ElapsedMilliseconds >= 240, "default reply came after " + watch.ElapsedMilliseconds + " ms");

        server.State.Enqueue(new ScriptedReply { Content = "fast" });
        watch.Restart();
        (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Dispose();
        Assert.True(watch.ElapsedMilliseconds < 240, "scripted reply came after " + watch.ElapsedMilliseconds + " ms");
    }
}
