using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using VivgridPS.Commands;
using VivgridPS.Completers;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Ledger
{
    public sealed class GetVivgridUsageCommandTests : IDisposable
    {
        private readonly LedgerRunspace _ps = new();

        public void Dispose() => _ps.Dispose();

        private static readonly DateTimeOffset Day1 = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

        private void Seed()
        {
            var ledger = new UsageLedger(_ps.LedgerPath);
            ledger.Append(Record(Day1, "gpt-5.4-mini", "nightly report", 0.001m));
            ledger.Append(Record(Day1.AddHours(6), "gpt-5.4-nano", "adhoc", 0.0002m));
            ledger.Append(Record(Day1.AddDays(1), "deepseek-v3.2", null, 0.00003m));
            ledger.Append(Record(Day1.AddDays(2), "gpt-5.4-mini", "nightly-summary", 0.004m));
        }

        private static UsageRecord Record(DateTimeOffset time, string model, string? tag, decimal cost) => new()
        {
            Time = time,
            Model = model,
            RequestedModel = model,
            InputTokens = 10,
            OutputTokens = 5,
            CostUsd = cost,
            Duration = TimeSpan.FromMilliseconds(250),
            Tag = tag,
            Source = "test",
        };

        [Fact]
        public void ReturnsUsageRecordsFromThePathGiven()
        {
            Seed();
            var (output, shell) = _ps.Run("Get-VivgridUsage -Path $ledger");
            Assert.False(shell.HadErrors);
            Assert.Equal(4, output.Count);
            Assert.All(output, o => Assert.IsType<UsageRecord>(o.BaseObject));
            Assert.Equal(0.001m, ((UsageRecord)output[0].BaseObject).CostUsd);
        }

        [Fact]
        public void ModelAndTagWildcardsFilter()
        {
            Seed();
            Assert.Equal(2, _ps.Run("Get-VivgridUsage -Path $ledger -Model gpt-5.4-m*").Output.Count);
            Assert.Equal(3, _ps.Run("Get-VivgridUsage -Path $ledger -Model *mini, deepseek*").Output.Count);
            var tagged = _ps.Run("Get-VivgridUsage -Path $ledger -Tag NIGHTLY*").Output;
            Assert.Equal(new[] { "nightly report", "nightly-summary" }, tagged.Select(o => ((UsageRecord)o.BaseObject).Tag));
        }

        [Fact]
        public void Wildcards_follow_PowerShell_rules_and_a_bad_pattern_is_an_argument_error()
        {
            Seed();
            Assert.Equal(2, _ps.Run("Get-VivgridUsage -Path $ledger -Model 'gpt-5.[34]-m*'").Output.Count);
            Assert.Empty(_ps.Run("Get-VivgridUsage -Path $ledger -Model 'gpt-5.[0-3]*'").Output);
            var (output, shell) = _ps.Run("Get-VivgridUsage -Path $ledger -Model '[unclosed'");
            Assert.Empty(output);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("not a valid wildcard pattern", error.Exception.Message);
        }

        [Fact]
        public void SinceAndUntilAcceptLocalDateTimes()
        {
            Seed();
            // Local times for the UTC instants, built in the runspace the way users do it.
            var vars = new Dictionary<string, object?>
            {
                ["since"] = Day1.AddHours(6).LocalDateTime,
                ["until"] = Day1.AddDays(2).LocalDateTime,
            };
            var output = _ps.Run("Get-VivgridUsage -Path $ledger -Since $since -Until $until", vars).Output;
            Assert.Equal(new[] { "gpt-5.4-nano", "deepseek-v3.2" }, output.Select(o => ((UsageRecord)o.BaseObject).Model));

            // A UTC DateTime keeps its meaning too.
            vars["since"] = Day1.AddDays(1).UtcDateTime;
            Assert.Equal(2, _ps.Run("Get-VivgridUsage -Path $ledger -Since $since", vars).Output.Count);
        }

        [Fact]
        public void UnspecifiedKindIsTakenAsLocalTime()
        {
            var unspecified = new DateTime(2025, 5, 1, 8, 0, 0, DateTimeKind.Unspecified);
            DateTimeOffset instant = GetVivgridUsageCommand.ToInstant(unspecified);
            Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(unspecified, DateTimeKind.Local)).UtcDateTime, instant.UtcDateTime);
            Assert.Equal(TimeSpan.Zero, instant.Offset);
        }

        [Fact]
        public void CorruptLineBecomesAWarningAndTheRestIsReturned()
        {
            Seed();
            File.AppendAllText(_ps.LedgerPath, "{\"time\":\"2025-05-09T00:00:00Z\",\"inputTokens\":\"lots\"}\nnot json at all\n");
            new UsageLedger(_ps.LedgerPath).Append(Record(Day1.AddDays(3), "gpt-5.4", "late", 0.01m));

            var (output, shell) = _ps.Run("Get-VivgridUsage -Path $ledger");

            Assert.Equal(5, output.Count);
            Assert.False(shell.HadErrors);
            string[] warnings = shell.Streams.Warning.Select(w => w.Message).ToArray();
            Assert.Equal(2, warnings.Length);
            Assert.Contains("line 5 of", warnings[0]);
            Assert.Contains("line 6 of", warnings[1]);
        }

        [Fact]
        public void A_missing_Path_is_a_terminating_not_found_error()
        {
            var (_, shell) = _ps.Run("try { Get-VivgridUsage -Path (Join-Path $ledger 'nothing-here.jsonl') -ErrorAction Stop } catch { $global:caught = $_ }");
            var caught = (ErrorRecord)_ps.Run("$global:caught").Output.Single().BaseObject;
            Assert.StartsWith("LedgerReadFailed,", caught.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, caught.CategoryInfo.Category);
            Assert.Contains("nothing-here.jsonl", caught.Exception.Message);
            Assert.Contains("does not exist", caught.Exception.Message);
        }

        [Fact]
        public void UnreadablePathIsATerminatingReadError()
        {
            var (_, shell) = _ps.Run("try { Get-VivgridUsage -Path $ledger/.. -ErrorAction Stop } catch { $global:caught = $_ }");
            var caught = (ErrorRecord)_ps.Run("$global:caught").Output.Single().BaseObject;
            Assert.StartsWith("LedgerReadFailed,", caught.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ReadError, caught.CategoryInfo.Category);
            var error = Assert.IsType<VivgridException>(caught.Exception);
            Assert.Equal(VivgridErrorId.LedgerReadFailed, error.ErrorId);
            Assert.NotNull(error.InnerException);
        }

        [Fact]
        public void RecordsPipeIntoGroupObjectAndCsv()
        {
            Seed();
            var groups = _ps.Run("Get-VivgridUsage -Path $ledger | Group-Object Model | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }").Output;
            Assert.Equal(new[] { "deepseek-v3.2=1", "gpt-5.4-mini=2", "gpt-5.4-nano=1" }, groups.Select(o => o.ToString()));

            string csv = Path.Combine(_ps.Folder, "usage.csv");
            _ps.Run("Get-VivgridUsage -Path $ledger | Export-Csv -LiteralPath $csv -NoTypeInformation", new Dictionary<string, object?> { ["csv"] = csv });
            string[] lines = File.ReadAllLines(csv);
            Assert.Equal(5, lines.Length);
            Assert.Contains("\"CostUsd\"", lines[0]);
            Assert.Contains("\"0.00003\"", lines[3]);
        }

        [Fact]
        public void EightParallelRunspacesAppendingFiftyEachGive400()
        {
            using var pool = RunspaceFactory.CreateRunspacePool(ModuleSession.Create());
            Assert.True(pool.SetMaxRunspaces(8));
            Assert.True(pool.SetMinRunspaces(8));
            pool.Open();
            const string append = @"
param($path, $id)
$ledger = [VivgridPS.Core.Ledger.UsageLedger]::new($path)
for ($i = 0; $i -lt 50; $i++) {
    $r = [VivgridPS.UsageRecord]::new()
    $r.Time = [DateTimeOffset]::UtcNow
    $r.Model = 'gpt-5.4-nano'
    $r.Tag = ""r$id-$i""
    $r.CostUsd = [decimal]'0.000123456789'
    $r.Prompt = 'x' * 2048
    $ledger.Append($r)
}";
            var jobs = Enumerable.Range(0, 8).Select(id =>
            {
                var shell = PowerShell.Create();
                shell.RunspacePool = pool;
                shell.AddScript(append).AddArgument(_ps.LedgerPath).AddArgument(id);
                return (shell, handle: shell.BeginInvoke());
            }).ToList();
            foreach (var (shell, handle) in jobs)
            {
                shell.EndInvoke(handle);
                Assert.False(shell.HadErrors, string.Join("; ", shell.Streams.Error));
                shell.Dispose();
            }

            var (output, reader) = _ps.Run("Get-VivgridUsage -Path $ledger");
            Assert.Empty(reader.Streams.Warning);
            Assert.Equal(400, output.Count);
            Assert.Equal(400, output.Select(o => ((UsageRecord)o.BaseObject).Tag).Distinct().Count());
            Assert.All(output, o => Assert.Equal(0.000123456789m, ((UsageRecord)o.BaseObject).CostUsd));
        }

        [Fact]
        public void TagCompleterOffersDistinctTagsFromThePathBeingTyped()
        {
            Seed();
            new UsageLedger(_ps.LedgerPath).Append(Record(Day1.AddDays(4), "gpt-5.4", "nightly report", 0m));
            var fake = new System.Collections.Hashtable { ["Path"] = _ps.LedgerPath };

            var results = new TagCompleter().CompleteArgument("Get-VivgridUsage", "Tag", "night", null!, fake).ToList();

            Assert.Equal(new[] { "'nightly report'", "nightly-summary" }, results.Select(r => r.CompletionText));
            Assert.Equal("nightly report", results[0].ListItemText);
            Assert.Equal(3, new TagCompleter().CompleteArgument("Get-VivgridUsage", "Tag", "", null!, fake).Count());
        }

        [Fact]
        public void TagCompleterIsWiredToTheTagParameter()
        {
            Seed();
            var output = _ps.Run("(TabExpansion2 -inputScript \"Get-VivgridUsage -Path '$ledger' -Tag ad\").CompletionMatches.CompletionText").Output;
            Assert.Equal("adhoc", Assert.Single(output).ToString());
        }

        [Fact]
        public void TagCompleterOnAMissingLedgerOffersNothing()
        {
            var fake = new System.Collections.Hashtable { ["Path"] = Path.Combine(_ps.Folder, "none.jsonl") };
            Assert.Empty(new TagCompleter().CompleteArgument("Get-VivgridUsage", "Tag", "", null!, fake));
        }

        [Fact]
        public void CmdletDeclaresItsOutputType()
        {
            var output = _ps.Run("(Get-Command Get-VivgridUsage).OutputType.Type.FullName").Output;
            Assert.Equal("VivgridPS.UsageRecord", Assert.Single(output).ToString());
        }
    }
}
