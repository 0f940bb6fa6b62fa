using System;

namespace VivgridPS.Core.Ledger
{
    /// <summary>
    /// The Get-VivgridUsage filters: a time window [since, until) and predicates for model and tag (the cmdlet makes
    /// them from PowerShell wildcards; a record without a tag is offered to the tag predicate as null).
    /// </summary>
    internal sealed class UsageRecordFilter
    {
        private readonly DateTimeOffset? _since;
        private readonly DateTimeOffset? _until;
        private readonly Func<string?, bool>? _models;
        private readonly Func<string?, bool>? _tags;

        internal UsageRecordFilter(DateTimeOffset? since, DateTimeOffset? until, Func<string?, bool>? models, Func<string?, bool>? tags)
        {
            _since = since;
            _until = until;
            _models = models;
            _tags = tags;
        }

        internal bool Matches(UsageRecord record)
        {
            // DateTimeOffset compares instants, so a local -Since and a UTC record time compare correctly.
            if (_since is DateTimeOffset since && record.Time < since) return false;
            if (_until is DateTimeOffset until && record.Time >= until) return false;
            if (_models is not null && !_models(record.Model) && !_models(record.RequestedModel)) return false;
            if (_tags is not null && !_tags(record.Tag)) return false;
            return true;
        }
    }
}
