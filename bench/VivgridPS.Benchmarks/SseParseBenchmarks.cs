using BenchmarkDotNet.Attributes;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Streaming;

namespace VivgridPS.Benchmarks;

/// <summary>
/// SseStreamReader + accumulator over recorded real streams. Each realdata file is a few KB, so one operation parses
/// the file <see cref="Repeats"/> times back to back (separate streams, as a session of calls would) to get a stable
/// MB/s figure out of a short job.
/// </summary>
[MemoryDiagnoser]
public class SseParseBenchmarks
{
    public const int Repeats = 50;

    private byte[] _bytes = [];

    [ParamsSource(nameof(Files))]
    public string File { get; set; } = "";

    public static IEnumerable<string> Files =>
    [
        "chat-stream-usage.sse",
        "chat-stream-tool-calls-parallel.sse",
        "chat-stream-xai-reasoning-cached.sse",
        "responses-stream-text-and-tool.sse",
    ];

    /// <summary>Bytes one operation parses, for the MB/s column.</summary>
    public long BytesPerOperation => (long)_bytes.Length * Repeats;

    [GlobalSetup]
    public void Setup() => _bytes = System.IO.File.ReadAllBytes(Path.Combine(RealData.Folder, File));

    [Benchmark]
    public async Task<int> Parse()
    {
        int deltas = 0;
        for (int i = 0; i < Repeats; i++)
        {
            IStreamAccumulator acc = File.StartsWith("responses", StringComparison.Ordinal)
                ? new ResponsesStreamAccumulator()
                : new ChatStreamAccumulator();
            using var stream = new MemoryStream(_bytes, writable: false);
            await foreach (string delta in SseStreamReader.ReadAsync(stream, acc))
            {
                deltas += delta.Length;
            }

            deltas += acc.Current.Content.Length;
        }

        return deltas;
    }
}
