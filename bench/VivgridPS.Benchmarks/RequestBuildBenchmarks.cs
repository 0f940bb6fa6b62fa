using BenchmarkDotNet.Attributes;
using VivgridPS.Core.Chat;

namespace VivgridPS.Benchmarks;

/// <summary>RequestBodyWriter.Build (Chat Completions) for a typical small call and for one carrying a 100 KB document.</summary>
[MemoryDiagnoser]
public class RequestBuildBenchmarks
{
    private ChatRequest _small = new();
    private ChatRequest _large = new();

    [GlobalSetup]
    public void Setup()
    {
        _small = NewRequest("Summarize this report in 5 bullets");
        _large = NewRequest(SampleText.Create(100 * 1024));
    }

    [Benchmark]
    public int BuildSmall() => RequestBodyWriter.Build(_small, ChatApi.Chat).Count;

    [Benchmark]
    public int Build100KB() => RequestBodyWriter.Build(_large, ChatApi.Chat).Count;

    public static long BytesFor(string method) => method == nameof(Build100KB) ? 100 * 1024 : 0;

    private static ChatRequest NewRequest(string user)
    {
        var request = new ChatRequest { Model = "gpt-5.4-mini", Stream = true, Temperature = 0.2, MaxOutputTokens = 800 };
        request.Messages.Add(new VivgridPS.ChatMessage("system", "You are a concise assistant."));
        request.Messages.Add(new VivgridPS.ChatMessage("user", user));
        return request;
    }
}
