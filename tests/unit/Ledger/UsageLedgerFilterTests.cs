using System;
using System.Linq;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Tests.Ledger
{
    public sealed class UsageLedgerFilterTests : IDisposable
    {
        private static readonly DateTimeOffset Day1 = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        private readonly LedgerTestFiles _files = new();
        private readonly UsageLedger _ledger;

        public UsageLedgerFilterTests()
        {
            _ledger = new UsageLedger(_files.LedgerPath);
            _ledger.Append(Record("a", Day1, "gpt-5.4-mini", "gpt-5.4-mini", "Nightly-Report"));
            _ledger.Append(Record("b", Day1.AddHours(12), "gpt-5.4-nano", "managed", "adhoc"));
            _ledger.Append(Record("c", Day1.AddDays(1), "deepseek-v3.2", "deepseek-v3.2", null));
            _ledger.Append(Record("d", Day1.AddDays(2), "gpt-5.4", "gpt-5.4", "nightly-summary"));
        }

        public void Dispose() => _files.Dispose();

        private static UsageRecord Record(string id, DateTimeOffset time, string model, string requested, string? tag)
        {
            var r = LedgerTestFiles.Sample(tag!, time, model);
            r.RequestedModel = requested;
            r.Source = id;
            return r;
        }

        private string Ids(DateTimeOffset? since = null, DateTimeOffset? until = null, string[]? models = null, string[]? tags = null)
            => string.Concat(_ledger.Read(since, until, Prefixes(models), Prefixes(tags), w => Assert.Fail(w)).Select(r => r.Source));

        /// <summary>A stand-in for the cmdlet's wildcard predicate: "x*" is a case-insensitive prefix, else the whole value.</summary>
        private static Func<string?, bool>? Prefixes(string[]? patterns) => patterns is null ? null : value => value != null && patterns.Any(p =>
            p.EndsWith("*") ? value.StartsWith(p.TrimEnd('*'), StringComparison.OrdinalIgnoreCase) : string.Equals(p, value, StringComparison.OrdinalIgnoreCase));

        [Fact]
        public void NoFiltersReturnsEverythingInFileOrder() => Assert.Equal("abcd", Ids());

        [Fact]
        public void SinceIsInclusiveAndUntilExclusive()
        {
            Assert.Equal("cd", Ids(since: Day1.AddDays(1)));
            Assert.Equal("ab", Ids(until: Day1.AddDays(1)));
            Assert.Equal("c", Ids(since: Day1.AddDays(1), until: Day1.AddDays(2)));
            Assert.Equal("", Ids(since: Day1.AddDays(3)));
        }

        [Fact]
        public void SinceComparesInstantsAcrossOffsets()
        {
            // 2025-05-01T14:00+02:00 is 12:00Z, exactly record b.
            Assert.Equal("bcd", Ids(since: new DateTimeOffset(2025, 5, 1, 14, 0, 0, TimeSpan.FromHours(2))));
        }

        [Fact]
        public void ModelPredicateIsAskedAboutAnsweringAndRequestedModel()
        {
            Assert.Equal("abd", Ids(models: new[] { "GPT-5.4*" }));
            Assert.Equal("b", Ids(models: new[] { "managed" }));
            Assert.Equal("bc", Ids(models: new[] { "gpt-5.4-nano", "deepseek*" }));
            Assert.Equal("d", Ids(models: new[] { "gpt-5.4" }));
            Assert.Equal("", Ids(models: new[] { "claude*" }));
        }

        [Fact]
        public void TagPredicateGetsNullForRecordsWithoutATag()
        {
            Assert.Equal("ad", Ids(tags: new[] { "nightly*" }));
            Assert.Equal("abd", Ids(tags: new[] { "*" }));
            Assert.Equal("b", Ids(tags: new[] { "ADHOC" }));
        }

        [Fact]
        public void FiltersCombine()
            => Assert.Equal("d", Ids(since: Day1.AddDays(1), models: new[] { "gpt*" }, tags: new[] { "nightly*" }));
    }
}
