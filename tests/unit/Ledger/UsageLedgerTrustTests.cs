using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Tests.Ledger
{
    /// <summary>Issue 14: a private ledger, 64-bit counts, and no line the reader would skip.</summary>
    public sealed class UsageLedgerTrustTests
    {
        [Fact]
        public void On_Unix_a_new_ledger_folder_is_0700_and_its_files_0600()
        {
            if (OperatingSystem.IsWindows()) return; // Windows: %LOCALAPPDATA% is per-user; covered by the Desktop review.
            using var files = new LedgerTestFiles();
            string folder = Path.Combine(files.Folder, "new", "vivgridps");
            string path = Path.Combine(folder, "usage.jsonl");
            new UsageLedger(path).Append(LedgerTestFiles.Sample("private"));

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path + ".lock"));
        }

        [Fact]
        public void An_existing_ledger_keeps_the_mode_its_owner_gave_it()
        {
            if (OperatingSystem.IsWindows()) return;
            using var files = new LedgerTestFiles();
            File.WriteAllText(files.LedgerPath, string.Empty);
            var shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            File.SetUnixFileMode(files.LedgerPath, shared);
            new UsageLedger(files.LedgerPath).Append(LedgerTestFiles.Sample("team"));
            Assert.Equal(shared, File.GetUnixFileMode(files.LedgerPath));
        }

        [Fact]
        public void Token_counts_past_Int32_round_trip_and_sum_without_overflow()
        {
            using var files = new LedgerTestFiles();
            var ledger = new UsageLedger(files.LedgerPath);
            var big = LedgerTestFiles.Sample("big");
            big.InputTokens = 2_000_000_000;
            big.OutputTokens = 3_000_000_000;
            big.CachedInputTokens = 0;
            ledger.Append(big);
            var read = Assert.Single(ledger.Read(onWarning: w => throw new Xunit.Sdk.XunitException(w)));
            Assert.Equal(2_000_000_000L, read.InputTokens);
            Assert.Equal(3_000_000_000L, read.OutputTokens);
            Assert.Equal(5_000_000_000L, read.InputTokens + read.OutputTokens);
        }

        [Theory]
        [InlineData("input")]
        [InlineData("output")]
        [InlineData("cached")]
        [InlineData("reasoning")]
        [InlineData("duration")]
        public void The_writer_refuses_what_the_reader_would_skip(string field)
        {
            using var files = new LedgerTestFiles();
            var record = LedgerTestFiles.Sample("bad");
            switch (field)
            {
                case "input": record.InputTokens = -1; break;
                case "output": record.OutputTokens = -5; break;
                case "cached": record.CachedInputTokens = -2; break;
                case "reasoning": record.ReasoningTokens = -3; break;
                case "duration": record.Duration = TimeSpan.FromSeconds(-1); break;
            }
            // What the reader says of such a line...
            Assert.NotNull(UsageRecordJson.Problem(record));
            // ...the writer refuses with a typed error, and the file gets nothing.
            var ex = Assert.Throws<VivgridException>(() => new UsageLedger(files.LedgerPath).Append(record));
            Assert.Equal(VivgridErrorId.LedgerWriteFailed, ex.ErrorId);
            Assert.False(File.Exists(files.LedgerPath) && new FileInfo(files.LedgerPath).Length > 0);
        }

        [Fact]
        public void Every_line_the_writer_accepts_reads_back_without_a_warning()
        {
            using var files = new LedgerTestFiles();
            var ledger = new UsageLedger(files.LedgerPath);
            var random = new Random(14);
            for (int i = 0; i < 200; i++)
            {
                var r = LedgerTestFiles.Sample("r" + i);
                r.InputTokens = random.NextInt64(0, long.MaxValue);
                r.OutputTokens = random.NextInt64(0, long.MaxValue);
                r.CachedInputTokens = 0;
                r.CostUsd = i % 3 == 0 ? null : (decimal)random.NextDouble();
                r.Duration = TimeSpan.FromMilliseconds(random.Next(0, 1_000_000));
                ledger.Append(r);
            }
            var warnings = new List<string>();
            Assert.Equal(200, ledger.Read(onWarning: warnings.Add).Count());
            Assert.Empty(warnings);
        }

        [Fact]
        public void A_relative_VIVGRID_USAGE_LOG_resolves_against_the_given_location()
        {
            string base1 = Path.Combine(Path.GetTempPath(), "loc-a");
            string? path = UsageLedger.ResolvePath(name => name == "VIVGRID_USAGE_LOG" ? Path.Combine("logs", "u.jsonl") : null, windows: false, baseDirectory: base1);
            Assert.Equal(Path.Combine(base1, "logs", "u.jsonl"), path);
            string absolute = Path.Combine(Path.GetTempPath(), "abs.jsonl");
            Assert.Equal(absolute, UsageLedger.ResolvePath(name => name == "VIVGRID_USAGE_LOG" ? absolute : null, windows: false, baseDirectory: base1));
        }
    }
}
