using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Tests.Ledger
{
    public sealed class UsageLedgerRoundTripTests
    {
        [Fact]
        public void EveryFieldRoundTripsExactly()
        {
            using var files = new LedgerTestFiles();
            var ledger = new UsageLedger(files.LedgerPath);
            var original = new UsageRecord
            {
                Time = new DateTimeOffset(2025, 3, 9, 23, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567),
                Model = "gpt-5.4-mini-2026-03-17",
                RequestedModel = "managed",
                InputTokens = 123456,
                CachedInputTokens = 1024,
                OutputTokens = 789,
                ReasoningTokens = 64,
                CostUsd = 0.000123456789m,
                Duration = TimeSpan.FromTicks(12_345_678),
                Status = "interrupted",
                Tag = "nightly report",
                HostName = "host-1",
                ScriptPath = @"C:\scripts\report ""v2"".ps1",
                Source = "Invoke-VivgridChat",
                Prompt = "line one\nline two\r\n\"quoted\" \u00e9\u4e2d\U0001F600 </script>",
                Response = "answer\twith tab",
            };

            ledger.Append(original);
            UsageRecord back = Assert.Single(ledger.Read(onWarning: w => Assert.Fail(w)));

            Assert.Equal(original.Time, back.Time);
            Assert.Equal(TimeSpan.Zero, back.Time.Offset);
            Assert.Equal(original.Model, back.Model);
            Assert.Equal(original.RequestedModel, back.RequestedModel);
            Assert.Equal(original.InputTokens, back.InputTokens);
            Assert.Equal(original.CachedInputTokens, back.CachedInputTokens);
            Assert.Equal(original.OutputTokens, back.OutputTokens);
            Assert.Equal(original.ReasoningTokens, back.ReasoningTokens);
            Assert.Equal(0.000123456789m, back.CostUsd);
            Assert.Equal("0.000123456789", back.CostUsd!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(original.Duration, back.Duration);
            Assert.Equal(original.Status, back.Status);
            Assert.Equal(original.Tag, back.Tag);
            Assert.Equal(original.HostName, back.HostName);
            Assert.Equal(original.ScriptPath, back.ScriptPath);
            Assert.Equal(original.Source, back.Source);
            Assert.Equal(original.Prompt, back.Prompt);
            Assert.Equal(original.Response, back.Response);
        }

        [Theory]
        [InlineData("0.0000000000000000000000000001")]
        [InlineData("79228162514264337593543950335")]
        [InlineData("1.50")]
        [InlineData("0")]
        public void CostIsWrittenAsAnExactJsonNumber(string text)
        {
            using var files = new LedgerTestFiles();
            decimal cost = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            var ledger = new UsageLedger(files.LedgerPath);
            var record = LedgerTestFiles.Sample("c");
            record.CostUsd = cost;
            ledger.Append(record);

            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(files.LedgerPath));
            Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("costUsd").ValueKind);
            Assert.Equal(text, doc.RootElement.GetProperty("costUsd").GetRawText());
            Assert.Equal(cost, Assert.Single(ledger.Read()).CostUsd);
        }

        [Fact]
        public void LineIsOneCompactJsonObjectWithTheDocumentedNamesAndNoContentByDefault()
        {
            using var files = new LedgerTestFiles();
            var record = LedgerTestFiles.Sample("t");
            record.CostUsd = null;
            new UsageLedger(files.LedgerPath).Append(record);

            string text = File.ReadAllText(files.LedgerPath);
            Assert.EndsWith("\n", text);
            Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain(": ", text);
            using JsonDocument doc = JsonDocument.Parse(text);
            var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(new[] { "time", "model", "requestedModel", "inputTokens", "cachedInputTokens", "outputTokens", "reasoningTokens",
                "durationMs", "status", "tag", "host", "scriptPath", "source" }, names);
            Assert.Equal("2025-06-01T12:00:00.0000000Z", doc.RootElement.GetProperty("time").GetString());
            Assert.Equal(1234.5m, doc.RootElement.GetProperty("durationMs").GetDecimal());
            Assert.Null(Assert.Single(new UsageLedger(files.LedgerPath).Read()).CostUsd);
        }

        [Fact]
        public void LoneSurrogateInContentDoesNotBreakTheAppend()
        {
            // A prompt cut mid surrogate pair (e.g. by a byte budget upstream) must still be recorded.
            using var files = new LedgerTestFiles();
            var record = LedgerTestFiles.Sample("s");
            record.Prompt = "ab\uD800cd";
            new UsageLedger(files.LedgerPath).Append(record);
            Assert.Equal("ab\uFFFDcd", Assert.Single(new UsageLedger(files.LedgerPath).Read()).Prompt);
        }

        [Fact]
        public void FirstWriteCreatesTheFolder()
        {
            using var files = new LedgerTestFiles();
            string nested = Path.Combine(files.Folder, "a", "b", "usage.jsonl");
            new UsageLedger(nested).Append(LedgerTestFiles.Sample("x"));
            Assert.True(File.Exists(nested));
        }

        [Fact]
        public void MissingFileReadsAsEmpty()
        {
            using var files = new LedgerTestFiles();
            Assert.Empty(new UsageLedger(Path.Combine(files.Folder, "nope", "usage.jsonl")).Read(onWarning: w => Assert.Fail(w)));
        }

        [Fact]
        public void UnknownFieldsOfAnyShapeAreIgnored()
        {
            using var files = new LedgerTestFiles();
            File.WriteAllText(files.LedgerPath,
                "{\"time\":\"2025-01-01T00:00:00Z\",\"future\":{\"a\":[1,{\"b\":null}]},\"model\":\"m\",\"list\":[\"x\"],\"inputTokens\":5,\"flag\":true}\n");
            UsageRecord record = Assert.Single(new UsageLedger(files.LedgerPath).Read(onWarning: w => Assert.Fail(w)));
            Assert.Equal("m", record.Model);
            Assert.Equal(5, record.InputTokens);
            Assert.Equal("completed", record.Status);
        }

        [Fact]
        public void WritingToAFolderFailsWithLedgerWriteFailed()
        {
            using var files = new LedgerTestFiles();
            var ledger = new UsageLedger(files.Folder);
            var ex = Assert.Throws<VivgridPS.Core.Errors.VivgridException>(() => ledger.Append(LedgerTestFiles.Sample("x")));
            Assert.Equal("LedgerWriteFailed", ex.ErrorId);
            Assert.Equal(VivgridPS.Core.Errors.VivgridErrorKind.WriteError, ex.Kind);
        }

        [Fact]
        public void ReadTailReturnsOnlyWholeRecentRecordsWithoutWarnings()
        {
            using var files = new LedgerTestFiles();
            var ledger = new UsageLedger(files.LedgerPath);
            for (int i = 0; i < 200; i++) ledger.Append(LedgerTestFiles.Sample("tag" + i));
            long lineLength = new FileInfo(files.LedgerPath).Length / 200;

            List<UsageRecord> tail = ledger.ReadTail(lineLength * 10 + lineLength / 2).ToList();

            Assert.InRange(tail.Count, 9, 11);
            Assert.Equal("tag199", tail[^1].Tag);
            Assert.Equal(Enumerable.Range(200 - tail.Count, tail.Count).Select(i => "tag" + i), tail.Select(r => r.Tag));
        }
    }
}
