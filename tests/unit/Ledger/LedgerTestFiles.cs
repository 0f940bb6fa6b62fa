using System;
using System.IO;

namespace VivgridPS.Tests.Ledger
{
    /// <summary>A private temp folder per test, deleted afterwards, so parallel tests never share a ledger.</summary>
    internal sealed class LedgerTestFiles : IDisposable
    {
        public LedgerTestFiles()
        {
            Folder = Path.Combine(Path.GetTempPath(), "vivgridps-ledger-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
        }

        public string Folder { get; }

        public string LedgerPath => Path.Combine(Folder, "usage.jsonl");

        public void Dispose()
        {
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        public static UsageRecord Sample(string tag, DateTimeOffset? time = null, string model = "gpt-5.4-mini") => new UsageRecord
        {
            Time = time ?? new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
            Model = model,
            RequestedModel = model,
            InputTokens = 100,
            CachedInputTokens = 20,
            OutputTokens = 50,
            ReasoningTokens = 10,
            CostUsd = 0.000123456789m,
            Duration = TimeSpan.FromMilliseconds(1234.5),
            Status = "completed",
            Tag = tag,
            HostName = "build-agent",
            ScriptPath = "/scripts/run.ps1",
            Source = "Invoke-VivgridChat",
        };
    }
}
