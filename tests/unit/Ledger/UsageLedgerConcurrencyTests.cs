using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Tests.Ledger
{
    public sealed class UsageLedgerConcurrencyTests
    {
        /// <summary>Large lines make any interleaving or lost write visible (a 4 KB write is several syscalls apart from ours).</summary>
        private static readonly string Padding = new string('p', 4096);

        [Fact]
        public void EightThreadsTimesFiftyAppendsGiveExactly400IntactLines()
        {
            using var files = new LedgerTestFiles();
            const int threads = 8, perThread = 50;
            using var start = new Barrier(threads);

            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                // A ledger object per thread, like separate runspaces would have.
                var ledger = new UsageLedger(files.LedgerPath);
                start.SignalAndWait();
                for (int i = 0; i < perThread; i++)
                {
                    var record = LedgerTestFiles.Sample($"t{t}-{i}");
                    record.Prompt = Padding;
                    ledger.Append(record);
                }
            });

            AssertIntactLedger(files.LedgerPath, Enumerable.Range(0, threads).SelectMany(t => Enumerable.Range(0, perThread).Select(i => $"t{t}-{i}")));
        }

        [Fact]
        public void FourProcessesTimesFiftyAppendsGiveExactly200IntactLines()
        {
            using var files = new LedgerTestFiles();
            const int processes = 4, perProcess = 50;
            string coreDll = typeof(UsageLedger).Assembly.Location;
            string goFile = Path.Combine(files.Folder, "go");
            var children = new List<Process>();
            try
            {
                for (int p = 0; p < processes; p++)
                {
                    children.Add(StartChild(p, perProcess, coreDll, files.LedgerPath, files.Folder, goFile));
                }
                // Release all children at once so their appends really overlap, instead of being staggered by startup.
                WaitUntil(() => Directory.GetFiles(files.Folder, "ready-*").Length == processes, TimeSpan.FromSeconds(60),
                    () => "child pwsh processes did not get ready: " + string.Join(" | ", children.Select(Describe)));
                File.WriteAllText(goFile, "go");

                foreach (Process child in children)
                {
                    Assert.True(child.WaitForExit(60_000), "child pwsh did not finish: " + Describe(child));
                    Assert.True(child.ExitCode == 0, "child pwsh failed: " + Describe(child));
                }
            }
            finally
            {
                foreach (Process child in children)
                {
                    if (!child.HasExited) child.Kill(entireProcessTree: true);
                    child.Dispose();
                }
            }

            AssertIntactLedger(files.LedgerPath, Enumerable.Range(0, processes).SelectMany(p => Enumerable.Range(0, perProcess).Select(i => $"p{p}-{i}")));
        }

        [Fact]
        public void HeldLockFailsAfterTheBoundedWaitWithLedgerWriteFailed()
        {
            using var files = new LedgerTestFiles();
            var ledger = new UsageLedger(files.LedgerPath, TimeSpan.FromMilliseconds(300));
            ledger.Append(LedgerTestFiles.Sample("before"));

            var clock = Stopwatch.StartNew();
            // Another process holding the lock looks exactly like this: an open FileShare.None handle on the lock file.
            using (new FileStream(files.LedgerPath + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                var ex = Assert.Throws<VivgridException>(() => ledger.Append(LedgerTestFiles.Sample("blocked")));
                Assert.Equal(VivgridErrorId.LedgerWriteFailed, ex.ErrorId);
                Assert.Equal(VivgridErrorKind.WriteError, ex.Kind);
                Assert.Contains("0.3 s", ex.Message);
                Assert.InRange(clock.ElapsedMilliseconds, 280, 3000);
            }

            ledger.Append(LedgerTestFiles.Sample("after"));
            Assert.Equal(new[] { "before", "after" }, ledger.Read().Select(r => r.Tag));
        }

        [Fact]
        public void ReadersDoNotBlockWriters()
        {
            using var files = new LedgerTestFiles();
            var ledger = new UsageLedger(files.LedgerPath, TimeSpan.FromMilliseconds(500));
            ledger.Append(LedgerTestFiles.Sample("one"));
            using IEnumerator<UsageRecord> reading = ledger.Read().GetEnumerator();
            Assert.True(reading.MoveNext()); // the data file is now open for reading
            ledger.Append(LedgerTestFiles.Sample("two"));
            Assert.Equal(2, ledger.Read().Count());
        }

        private static Process StartChild(int index, int count, string coreDll, string ledgerPath, string folder, string goFile)
        {
            string script = $@"
$ErrorActionPreference = 'Stop'
Add-Type -Path '{Quote(coreDll)}'
$ledger = [VivgridPS.Core.Ledger.UsageLedger]::new('{Quote(ledgerPath)}')
$pad = 'p' * 4096
Set-Content -LiteralPath (Join-Path '{Quote(folder)}' 'ready-{index}') -Value ready
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while (-not (Test-Path -LiteralPath '{Quote(goFile)}')) {{
    if ([DateTime]::UtcNow -gt $deadline) {{ throw 'no go signal' }}
    Start-Sleep -Milliseconds 5
}}
for ($i = 0; $i -lt {count}; $i++) {{
    $r = [VivgridPS.UsageRecord]::new()
    $r.Time = [DateTimeOffset]::UtcNow
    $r.Model = 'gpt-5.4-mini'
    $r.InputTokens = $i
    $r.CostUsd = [decimal]'0.000123456789'
    $r.Tag = 'p{index}-' + $i
    $r.Prompt = $pad
    $ledger.Append($r)
}}";
            var info = new ProcessStartInfo("dotnet")
            {
                // `dotnet pwsh` is the repo's local tool; it resolves from the repo's .config/dotnet-tools.json.
                WorkingDirectory = TestPaths.RepoRoot(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script }) info.ArgumentList.Add(arg);
            var process = new Process { StartInfo = info };
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            Outputs.Add(process, output);
            try
            {
                process.Start();
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException("Could not start `dotnet pwsh` (run `dotnet tool restore` in the repo root): " + ex.Message, ex);
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> Outputs = new();

        private static string Describe(Process p)
        {
            string text = Outputs.TryGetValue(p, out var sb) ? sb.ToString() : "";
            string exit = p.HasExited ? "exit " + p.ExitCode : "running";
            return exit + ": " + (text.Length > 2000 ? text.Substring(0, 2000) : text).Trim();
        }

        private static string Quote(string s) => s.Replace("'", "''");

        private static void WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> failure)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > timeout) Assert.Fail(failure());
                Thread.Sleep(20);
            }
        }

        /// <summary>Every raw line parses on its own, and the tags are exactly the expected set, each once.</summary>
        private static void AssertIntactLedger(string path, IEnumerable<string> expectedTags)
        {
            string[] lines = File.ReadAllText(path).Split('\n');
            Assert.Equal("", lines[^1]); // ends with a newline, nothing torn at the end
            var tags = new List<string>();
            foreach (string line in lines.Take(lines.Length - 1))
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                Assert.Equal(4096, doc.RootElement.GetProperty("prompt").GetString()!.Length);
                tags.Add(doc.RootElement.GetProperty("tag").GetString()!);
            }
            var expected = expectedTags.OrderBy(t => t, StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Count, tags.Count);
            Assert.Equal(expected, tags.OrderBy(t => t, StringComparer.Ordinal));

            var warnings = new List<string>();
            Assert.Equal(expected.Count, new UsageLedger(path).Read(onWarning: warnings.Add).Count());
            Assert.Empty(warnings);
        }
    }
}
