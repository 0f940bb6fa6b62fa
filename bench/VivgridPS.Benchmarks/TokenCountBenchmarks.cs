using BenchmarkDotNet.Attributes;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Benchmarks;

/// <summary>TokenCounter.CountText (o200k_base) over 256 KB of English-like prose.</summary>
[MemoryDiagnoser]
public class TokenCountBenchmarks
{
    public const int TextBytes = 256 * 1024;

    private string _text = "";

    [GlobalSetup]
    public void Setup()
    {
        _text = SampleText.Create(TextBytes);
        TokenCounter.CountText("warm up the vocabulary");
    }

    [Benchmark]
    public int CountText() => TokenCounter.CountText(_text).Count;
}
