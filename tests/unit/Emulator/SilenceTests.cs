using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Tests.Streaming;
using Xunit;

namespace VivgridPS.Tests.Emulator;

/// <summary>silenceMs: the stream opens at once, then nothing arrives until the model has "thought" (a reasoning model's silence).</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class SilenceTests : IClassFixture<EmulatorFixture>
{
    private const int SilenceMs = 800;
    private readonly EmulatorFixture _fixture;

    public SilenceTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.State.Reset();
    }

    [Theory]
    [InlineData("chat/completions", "{\"model\":\"gpt-5.4\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "data: {")]
    [InlineData("responses", "{\"model\":\"gpt-5.1-codex\",\"stream\":true,\"input\":\"hi\"}", "event: response.output_text.delta")]
    public async Task Headers_come_at_once_and_the_first_delta_after_the_silence(string path, string body, string firstDelta)
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { Content = "thought it through", SilenceMs = SilenceMs });
        using HttpClient client = _fixture.CreateClient();
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = EmulatorFixture.Json(body) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        TimeSpan headers = clock.Elapsed;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null && !line.StartsWith(firstDelta, StringComparison.Ordinal))
        {
        }

        TimeSpan delta = clock.Elapsed;
        Assert.NotNull(line);
        Assert.True(headers < TimeSpan.FromMilliseconds(SilenceMs), $"headers took {headers}");
        Assert.True(delta >= TimeSpan.FromMilliseconds(SilenceMs), $"first delta after {delta}");
        Assert.True(delta - headers >= TimeSpan.FromMilliseconds(SilenceMs / 2), $"the silence came after the headers ({headers} then {delta})");
    }
}
