using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using VivgridPS.Benchmarks;

// Usage: VivgridPS.Benchmarks [--table <path>] | --readers
// Short job, in-process (no per-benchmark project rebuild) so the whole set finishes in about a minute on 2 cores.
// Prints BenchmarkDotNet's own summary, then one markdown table with throughput, written to --table as well.
string? tablePath = args.Length == 2 && args[0] == "--table" ? args[1] : null;
IConfig config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);

// --readers: the hand-written JSON readers against System.Text.Json source generation (why they stay hand-written).
if (args is ["--readers"])
{
    Summary[] readers = BenchmarkRunner.Run([typeof(ChatChunkReaderBenchmarks), typeof(CatalogReaderBenchmarks), typeof(LedgerReaderBenchmarks)], config);
    return readers.All(s => s.Reports.All(r => r.ResultStatistics is not null)) ? 0 : 1;
}

Summary[] summaries = BenchmarkRunner.Run([typeof(SseParseBenchmarks), typeof(RequestBuildBenchmarks), typeof(TokenCountBenchmarks)], config);

var table = new StringBuilder();
table.AppendLine("| Micro-benchmark | Input | Mean | Throughput | Allocated/op |");
table.AppendLine("|---|---|---:|---:|---:|");
int failures = 0;
foreach (Summary summary in summaries)
{
    foreach (BenchmarkReport report in summary.Reports)
    {
        string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
        string type = report.BenchmarkCase.Descriptor.Type.Name;
        string param = report.BenchmarkCase.Parameters.Items.FirstOrDefault()?.Value?.ToString() ?? "";
        if (report.ResultStatistics is null)
        {
            failures++;
            table.AppendLine($"| {type}.{method} | {param} | FAILED | | |");
            continue;
        }

        double meanNs = report.ResultStatistics.Mean;
        long bytes = BytesPerOperation(type, method, param);
        string input = type switch
        {
            nameof(SseParseBenchmarks) => $"{param} ×{SseParseBenchmarks.Repeats} ({bytes / 1024.0:F0} KB)",
            nameof(TokenCountBenchmarks) => $"{bytes / 1024} KB prose",
            _ => method == nameof(RequestBuildBenchmarks.Build100KB) ? "100 KB user message" : "2 short messages",
        };
        string throughput = bytes > 0 ? $"{bytes / (meanNs / 1e9) / 1e6:F1} MB/s" : $"{1e9 / meanNs:N0} ops/s";
        long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
        string alloc = allocated is long a ? $"{a / 1024.0:F1} KB" : "?";
        table.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {type.Replace("Benchmarks", "")}.{method} | {input} | {Format(meanNs)} | {throughput} | {alloc} |"));
    }
}

Console.WriteLine();
Console.WriteLine(table.ToString());
if (tablePath is not null) File.WriteAllText(tablePath, table.ToString());
return failures == 0 ? 0 : 1;

static long BytesPerOperation(string type, string method, string param) => type switch
{
    nameof(SseParseBenchmarks) => new FileInfo(Path.Combine(RealData.Folder, param)).Length * SseParseBenchmarks.Repeats,
    nameof(TokenCountBenchmarks) => TokenCountBenchmarks.TextBytes,
    nameof(RequestBuildBenchmarks) => RequestBuildBenchmarks.BytesFor(method),
    _ => 0,
};

static string Format(double ns) => ns switch
{
    >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F2} ms"),
    >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F2} µs"),
    _ => string.Create(CultureInfo.InvariantCulture, $"{ns:F0} ns"),
};
