using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Chat;

/// <summary>
/// A big prompt is sent as a StreamedJsonBody: its bytes (sync, async, Length, Preview) must equal what the
/// builders write for the whole body, for text that needs escaping and surrogate pairs on slice boundaries.
/// </summary>
public sealed class StreamedRequestBodyTests
{
    private static string BigText(int chars, int seed)
    {
        var random = new Random(seed);
        var pieces = new[] { "Hello \"world\"\n", "tab\there\\ ", "café déjà vu ", "日本語のテキスト ", "😀🎉", "<script>&amp;</script> ", "\u0001\u001f", "x" };
        var text = new StringBuilder(chars + 32);
        while (text.Length < chars) text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    private static ChatRequest Request(string big, ChatApi api, bool bigIsSecond = true)
    {
        var r = new ChatRequest { Model = "gemini-3.1-flash-lite-preview", Api = api, MaxOutputTokens = 99 };
        r.Messages.Add(new VivgridPS.ChatMessage("system", "Be brief. \"quoted\""));
        if (bigIsSecond) r.Messages.Add(new VivgridPS.ChatMessage("user", big));
        r.Messages.Add(new VivgridPS.ChatMessage("user", "Summarize this"));
        if (!bigIsSecond) r.Messages.Add(new VivgridPS.ChatMessage("user", big));
        return r;
    }

    private static byte[] Whole(ChatRequest r)
    {
        var body = RequestBodyWriter.Build(r);
        return body.ToArray();
    }

    private static async Task<byte[]> SentAsync(RequestContent content)
    {
        using var http = typeof(RequestContent).GetMethod("CreateHttpContent", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .Invoke(content, null) as System.Net.Http.HttpContent;
        Assert.Equal(content.Length, http!.Headers.ContentLength);
        return await http.ReadAsByteArrayAsync();
    }

    [Theory]
    [InlineData(ChatApi.Chat, 300_000, 1, true)]
    [InlineData(ChatApi.Responses, 300_000, 2, true)]
    [InlineData(ChatApi.Chat, 70_001, 3, false)]
    [InlineData(ChatApi.Responses, 1_600_000, 4, false)]
    public async Task Streamed_body_equals_the_whole_body(ChatApi api, int chars, int seed, bool bigIsSecond)
    {
        var request = Request(BigText(chars, seed), api, bigIsSecond);
        var expected = Whole(request);
        var content = RequestBodyFactory.Create(request);

        Assert.True(content.IsStreamed);
        Assert.Equal(expected.Length, content.Length);
        Assert.Equal(expected, await SentAsync(content));
        Assert.Equal(expected, await SentAsync(content)); // a retry sends the same bytes again
        Assert.Equal(Encoding.UTF8.GetString(expected, 0, 500), content.Preview(500));
    }

    [Fact]
    public void Surrogate_pairs_across_every_slice_boundary_are_kept_whole()
    {
        // 8 KB slices: an emoji at each offset around the boundary.
        foreach (var shift in Enumerable.Range(0, 4))
        {
            var text = new string('a', 8 * 1024 - 2 + shift) + string.Concat(Enumerable.Repeat("😀", 40_000));
            var request = Request(text, ChatApi.Chat);
            var expected = Whole(request);
            var content = RequestBodyFactory.Create(request);
            using var sink = new MemoryStream();
            var body = (StreamedJsonBody)typeof(RequestContent).GetField("_streamed", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(content)!;
            body.WriteTo(sink, CancellationToken.None);
            Assert.Equal(expected, sink.ToArray());
        }
    }

    [Fact]
    public void Small_requests_and_prompts_that_quote_the_marker_are_built_whole()
    {
        var small = Request(new string('x', RequestBodyFactory.StreamThresholdChars - 1), ChatApi.Chat);
        Assert.False(RequestBodyFactory.Create(small).IsStreamed);

        var marker = (string)typeof(RequestBodyFactory).GetField("Marker", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
        var quoting = Request(BigText(100_000, 5), ChatApi.Chat);
        quoting.Messages[0].Content = "see " + marker;
        var content = RequestBodyFactory.Create(quoting);
        Assert.False(content.IsStreamed);
        Assert.Equal(Whole(quoting).Length, content.Length);
    }

    [Fact]
    public async Task Canceled_write_stops_between_slices()
    {
        var content = RequestBodyFactory.Create(Request(BigText(200_000, 6), ChatApi.Chat));
        var body = (StreamedJsonBody)typeof(RequestContent).GetField("_streamed", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(content)!;
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => body.WriteToAsync(new MemoryStream(), canceled.Token));
    }
}
