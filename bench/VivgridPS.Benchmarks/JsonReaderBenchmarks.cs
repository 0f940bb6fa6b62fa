using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Ledger;
using VivgridPS.Core.Models;

namespace VivgridPS.Benchmarks;

/// <summary>
/// The three hand-written Utf8JsonReader readers against System.Text.Json source generation of the same JSON into
/// plain DTOs (<see cref="SourceGenJson"/>). The source-generated side only deserializes; the hand-written side also
/// does its real work (the chunk accumulator folds deltas, the catalog applies patches, the ledger filters records),
/// so a source-generated reader could only be slower than what these numbers show. Run with --readers.
/// </summary>
[MemoryDiagnoser]
public class ChatChunkReaderBenchmarks
{
    private byte[][] _events = [];

    [ParamsSource(nameof(Files))]
    public string File { get; set; } = "";

    public static IEnumerable<string> Files =>
    [
        "chat-stream-usage.sse",
        "chat-stream-tool-calls-parallel.sse",
        "chat-stream-xai-reasoning-cached.sse",
    ];

    [GlobalSetup]
    public void Setup()
    {
        _events = System.IO.File.ReadAllLines(Path.Combine(RealData.Folder, File))
            .Where(l => l.StartsWith("data:", StringComparison.Ordinal) && l.Trim() != "data: [DONE]")
            .Select(l => Encoding.UTF8.GetBytes(l.Substring(5).TrimStart()))
            .ToArray();
    }

    [Benchmark(Baseline = true)]
    public int HandWritten()
    {
        var acc = new ChatStreamAccumulator();
        int chars = 0;
        foreach (byte[] data in _events) chars += acc.Apply("message", data)?.Length ?? 0;
        return chars;
    }

    [Benchmark]
    public int SourceGenerated()
    {
        int chars = 0;
        foreach (byte[] data in _events)
        {
            var chunk = JsonSerializer.Deserialize(data, SourceGenJson.Default.ChunkDto);
            chars += chunk?.Choices is { Count: > 0 } choices ? choices[0].Delta?.Content?.Length ?? 0 : 0;
        }
        return chars;
    }
}

[MemoryDiagnoser]
public class CatalogReaderBenchmarks
{
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup() => _json = System.IO.File.ReadAllBytes(Path.Combine(RealData.Root, "src", "VivgridPS.Core", "Models", "catalog.json"));

    [Benchmark(Baseline = true)]
    public int HandWritten() => ModelCatalog.FromJson(_json, "bench").All.Count;

    [Benchmark]
    public int SourceGenerated() => JsonSerializer.Deserialize(_json, SourceGenCamelJson.Default.CatalogDto)!.Models!.Count;
}

[MemoryDiagnoser]
public class LedgerReaderBenchmarks
{
    public const int Lines = 2000;
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "vivgrid-bench-ledger-" + Environment.ProcessId + ".jsonl");
        System.IO.File.Delete(_path);
        var ledger = new UsageLedger(_path);
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < Lines; i++)
        {
            ledger.Append(new UsageRecord
            {
                Time = start.AddSeconds(i * 37), Model = "gpt-5.4-mini", RequestedModel = "gpt-5.4-mini", InputTokens = 1200 + i,
                CachedInputTokens = i % 3 == 0 ? 1024 : 0, OutputTokens = 300 + i % 50, ReasoningTokens = i % 7, CostUsd = 0.000123456m * (i + 1),
                Duration = TimeSpan.FromMilliseconds(812.5 + i), Status = "completed", Tag = "nightly", HostName = "host-01",
                ScriptPath = "/srv/jobs/summarize.ps1", Source = "/data/in/report-" + i + ".txt",
            });
        }
    }

    [GlobalCleanup]
    public void Cleanup() => System.IO.File.Delete(_path);

    [Benchmark(Baseline = true)]
    public int HandWritten() => new UsageLedger(_path).Read().Count();

    [Benchmark]
    public int SourceGenerated()
    {
        int count = 0;
        foreach (string line in System.IO.File.ReadLines(_path))
        {
            var dto = JsonSerializer.Deserialize(line, SourceGenCamelJson.Default.LedgerLineDto)!;
            var record = new UsageRecord
            {
                Time = DateTimeOffset.Parse(dto.Time!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind),
                Model = dto.Model, RequestedModel = dto.RequestedModel, InputTokens = dto.InputTokens, CachedInputTokens = dto.CachedInputTokens,
                OutputTokens = dto.OutputTokens, ReasoningTokens = dto.ReasoningTokens, CostUsd = dto.CostUsd,
                Duration = TimeSpan.FromTicks((long)(dto.DurationMs * TimeSpan.TicksPerMillisecond)), Status = dto.Status ?? "completed",
                Tag = dto.Tag, HostName = dto.Host, ScriptPath = dto.ScriptPath, Source = dto.Source,
            };
            if (record.InputTokens >= 0) count++;
        }
        return count;
    }
}
