using System;
using VivgridPS.Core.Text;

namespace VivgridPS.Core.Ledger
{
    /// <summary>The Get-VivgridUsage filters: a time window [since, until) and wildcard lists for model and tag.</summary>
    internal sealed class UsageRecordFilter
    {
        private readonly DateTimeOffset? _since;
        private readonly DateTimeOffset? _until;
        private readonly WildcardMatcher? _models;
        private readonly WildcardMatcher? _tags;

        internal UsageRecordFilter(DateTimeOffset? since, DateTimeOffset? until, string[]? modelWildcards, string[]? tagWildcards)
        {
            _since = since;
            _until = until;
            _models = WildcardMatcher.Create(modelWildcards);
            _tags = WildcardMatcher.Create(tagWildcards);
        }

        internal bool Matches(UsageRecord record)
        {
            // DateTimeOffset compares instants, so a local -Since and a UTC record time compare correctly.
            if (_since is DateTimeOffset since && record.Time < since) return false;
            if (_until is DateTimeOffset until && record.Time >= until) return false;
            if (_models is not null && !_models.MatchesAny(record.Model, record.RequestedModel)) return false;
            if (_tags is not null && !_tags.MatchesAny(record.Tag)) return false;
            return true;
        }
    }
}
