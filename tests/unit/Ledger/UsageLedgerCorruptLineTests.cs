using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Tests.Ledger
{
    public sealed class UsageLedgerCorruptLineTests
    {
        private static string Good(string tag) =>
            "{\"time\":\"2025-01-01T00:00:00.0000000Z\",\"model\":\"m\",\"inputTokens\":1,\"costUsd\":0.5,\"tag\":\"" + tag + "\"}";

        private static (List<UsageRecord> Records, List<string> Warnings) ReadAll(string path)
        {
            var warnings = new List<string>();
            var records = new UsageLedger(path).Read(onWarning: warnings.Add).ToList();
            return (records, warnings);
        }

        [Fact]
        public void DamagedLinesAreSkippedWithTheirLineNumberAndTheRestSurvive()
        {
            using var files = new LedgerTestFiles();
            File.WriteAllText(files.LedgerPath, string.Join("\n", new[]
            {
                Good("one"),                                                     // 1
                "garbage \u0000 not json",                                       // 2
                "{\"time\":\"2025-01-01T00:00:00Z\",\"model\":\"m\",\"inputTok",  // 3 truncated
                "",                                                              // 4 blank: silently ignored
                Good("two"),                                                     // 5
                "{\"time\":\"2025-01-01T00:00:00Z\",\"inputTokens\":\"12\"}",    // 6 wrong type
                "{\"time\":12345}",                                              // 7 wrong type for time
                "{\"model\":\"m\"}",                                             // 8 missing time
                Good("x") + Good("y"),                                           // 9 two writes glued together
                "[1,2,3]",                                                       // 10 not an object
                "{\"time\":\"2025-01-01T00:00:00Z\",\"inputTokens\":-5}",        // 11 negative count
                "{\"time\":\"2025-01-01T00:00:00Z\",\"costUsd\":\"free\"}",      // 12 cost as string
                "{\"time\":\"not a date\"}",                                     // 13
                Good("three"),                                                   // 14
            }) + "\n");

            var (records, warnings) = ReadAll(files.LedgerPath);

            Assert.Equal(new[] { "one", "two", "three" }, records.Select(r => r.Tag));
            int[] expectedLines = { 2, 3, 6, 7, 8, 9, 10, 11, 12, 13 };
            Assert.Equal(expectedLines.Length, warnings.Count);
            for (int i = 0; i < expectedLines.Length; i++)
            {
                Assert.Contains("line " + expectedLines[i] + " of", warnings[i]);
                Assert.Contains(files.LedgerPath, warnings[i]);
            }
            Assert.Contains("'inputTokens' is not a non-negative integer", warnings[2]);
            Assert.Contains("missing 'time'", warnings[4]);
        }

        [Fact]
        public void TornLastLineWithoutNewlineIsReportedNotFatal()
        {
            using var files = new LedgerTestFiles();
            File.WriteAllText(files.LedgerPath, Good("one") + "\n" + "{\"time\":\"2025-01-");
            var (records, warnings) = ReadAll(files.LedgerPath);
            Assert.Equal("one", Assert.Single(records).Tag);
            Assert.Contains("line 2", Assert.Single(warnings));
        }

        [Fact]
        public void AppendAfterATornTailStartsOnAFreshLine()
        {
            // A writer killed mid-line leaves no '\n'; the next append must not glue its record onto the fragment.
            using var files = new LedgerTestFiles();
            File.WriteAllText(files.LedgerPath, Good("one") + "\n" + "{\"time\":\"2025-01-");
            new UsageLedger(files.LedgerPath).Append(LedgerTestFiles.Sample("after"));

            var (records, warnings) = ReadAll(files.LedgerPath);
            Assert.Equal(new[] { "one", "after" }, records.Select(r => r.Tag));
            Assert.Contains("line 2", Assert.Single(warnings));
        }

        [Fact]
        public void InvalidUtf8BytesOnlyCostTheirOwnLine()
        {
            using var files = new LedgerTestFiles();
            using (var stream = File.Create(files.LedgerPath))
            {
                byte[] good = Encoding.UTF8.GetBytes(Good("one") + "\n");
                stream.Write(good);
                stream.Write(new byte[] { 0xFF, 0xFE, 0x7B, 0xC3, 0x0A });
                stream.Write(Encoding.UTF8.GetBytes(Good("two") + "\n"));
            }
            var (records, warnings) = ReadAll(files.LedgerPath);
            Assert.Equal(new[] { "one", "two" }, records.Select(r => r.Tag));
            Assert.Contains("line 2", Assert.Single(warnings));
        }

        [Fact]
        public void CrLfLineEndingsAreAccepted()
        {
            using var files = new LedgerTestFiles();
            File.WriteAllText(files.LedgerPath, Good("one") + "\r\n" + Good("two") + "\r\n");
            var (records, warnings) = ReadAll(files.LedgerPath);
            Assert.Equal(2, records.Count);
            Assert.Empty(warnings);
        }

        [Fact]
        public void ReadingIsLazySoHugeFilesStream()
        {
            using var files = new LedgerTestFiles();
            File.WriteAllText(files.LedgerPath, Good("one") + "\n" + "garbage\n");
            var warnings = new List<string>();
            using IEnumerator<UsageRecord> e = new UsageLedger(files.LedgerPath).Read(onWarning: warnings.Add).GetEnumerator();
            Assert.True(e.MoveNext());
            Assert.Empty(warnings); // the second line has not been read yet
        }
    }
}
