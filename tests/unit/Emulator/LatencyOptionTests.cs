using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Tests.Emulator;

/// <summary>Wall-clock assertions: run alone, and with a latency large enough that a loaded 2-core machine cannot blur it.</summary>
[Collection(VivgridPS.Tests.Streaming.TimingSensitiveCollection.Name)]
public sealed class LatencyOptionTests
{
    [Fact]
    public async Task LatencyMs_DelaysDefaultReplies_ButNotScriptedOnes()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { LatencyMs = 1000 });
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k");
        string body = """{"messages":[{"role":"user","content":"hi"}]}""";

        var watch = Stopwatch.StartNew();
        (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Dispose();
        Assert.True(watch.ElapsedMilliseconds >= 990, "default reply came after " + watch.ElapsedMilliseconds + " ms");

        server.State.Enqueue(new ScriptedReply { Content = "fast" });
        watch.Restart();
        (await client.PostAsync("chat/completions", EmulatorFixture.Json(body))).Dispose();
        Assert.True(watch.ElapsedMilliseconds < 900, "scripted reply came after " + watch.ElapsedMilliseconds + " ms");
    }
}
