using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VivgridPS.Chat;
using VivgridPS.Core.Chat;
using VivgridPS.Completers;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;
using VivgridPS.Core.Pricing;
using VivgridPS.Core.Tokens;
using VivgridPS.Errors;
using VivgridPS.Json;

namespace VivgridPS.Commands
{
    /// <summary>
    /// Measure-VivgridCost, two uses like Measure-Object:
    /// Estimate (before a call): piped text is counted locally with the model's tokenizer, chat overhead included, and
    /// priced at worst case. Strings are joined with newlines into ONE estimate (as Invoke-VivgridChat sends one request);
    /// each FileInfo gets its own estimate with Source = its path.
    /// Sum (after calls): ChatResult/UsageRecord objects (or objects with the same property names, e.g. from Import-Csv)
    /// are totalled, optionally grouped.
    /// Both pipeline parameters take any object and the default set is Sum, so every item is sorted in ProcessRecord:
    /// result-like objects are summed, anything else is estimate material. -Model/-Prompt/-SystemPrompt/-MaxOutputTokens
    /// select the Estimate set, in which everything piped is material.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "VivgridCost", DefaultParameterSetName = SumSet)]
    [OutputType(typeof(CostEstimate), ParameterSetName = new[] { EstimateSet })]
    [OutputType(typeof(CostSummary), ParameterSetName = new[] { SumSet })]
    public sealed class MeasureVivgridCostCommand : PSCmdlet
    {
        public const string EstimateSet = "Estimate";
        public const string SumSet = "Sum";
        /// <summary>The model estimates use when neither -Model nor $env:VIVGRID_MODEL names one (documented in help).</summary>
        public const string DefaultEstimateModel = "gpt-5.4-mini";

        private readonly List<UsageLine> _usage = new List<UsageLine>();
        private readonly List<CostEstimate> _itemEstimates = new List<CostEstimate>();
        private ChatInputCollector? _collector;
        private ModelInfo? _model;

        /// <summary>Text to estimate: strings, FileInfo (read as text), other objects (rendered as JSON lines).</summary>
        [Parameter(ParameterSetName = EstimateSet, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ParameterSetName = EstimateSet, Position = 0)]
        public string? Prompt { get; set; }

        [Parameter(ParameterSetName = EstimateSet)]
        public string? SystemPrompt { get; set; }

        /// <summary>Default: $env:VIVGRID_MODEL, else gpt-5.4-mini.</summary>
        [Parameter(ParameterSetName = EstimateSet)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string? Model { get; set; }

        /// <summary>Worst-case output size; default the model's maximum output.</summary>
        [Parameter(ParameterSetName = EstimateSet)]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxOutputTokens { get; set; }

        /// <summary>
        /// ChatResult or UsageRecord objects (or look-alikes) to total. Typed PSObject, not an array, on purpose: with the same
        /// type as -InputObject neither parameter is a closer match for a piped object, so the binder keeps the default (Sum)
        /// set; an array parameter would lose to -InputObject. Arrays passed by name are unrolled in ProcessRecord.
        /// </summary>
        [Parameter(ParameterSetName = SumSet, ValueFromPipeline = true)]
        public PSObject? Result { get; set; }

        [Parameter(ParameterSetName = SumSet)]
        [ValidateSet("Model", "Day", "Source", "Tag", IgnoreCase = true)]
        public string? GroupBy { get; set; }

        private bool IsEstimateSet => ParameterSetName == EstimateSet;

        protected override void ProcessRecord()
        {
            if (IsEstimateSet)
            {
                if (InputObject != null) AddMaterial(InputObject);
                return;
            }
            foreach (var item in Unroll(Result))
            {
                if (item == null) continue;
                var line = UsageLine.From(item);
                if (line != null) _usage.Add(line);
                else if (GroupBy == null) AddMaterial(item);
                else WriteError(NotAResult(item));
            }
        }

        private static IEnumerable<PSObject> Unroll(PSObject? value)
        {
            if (value == null) yield break;
            if (value.BaseObject is IEnumerable items && !(value.BaseObject is string) && !(value.BaseObject is IDictionary))
            {
                foreach (object? item in items)
                    if (item != null) yield return PSObject.AsPSObject(item);
                yield break;
            }
            yield return value;
        }

        protected override void EndProcessing()
        {
            var collected = _collector?.TakeCollected();
            bool sawMaterial = collected != null || _itemEstimates.Count > 0;
            if (IsEstimateSet || sawMaterial)
            {
                foreach (var e in _itemEstimates) WriteObject(e);
                if (collected != null) WriteObject(Estimate(collected));
                else if (_itemEstimates.Count == 0) WriteObject(Estimate(new ChatWorkItem { Instruction = Prompt }));
            }
            if (!IsEstimateSet && (_usage.Count > 0 || !sawMaterial)) WriteSummaries();
        }

        // ---- estimate mode: the same pipeline rules and request shape as Invoke-VivgridChat, so the estimate is
        // of what would really be sent (files read the same way, objects rendered the same way).

        private void AddMaterial(PSObject item)
        {
            _collector ??= new ChatInputCollector(Prompt, each: false);
            try
            {
                if (_collector.Add(item) is { } perItem) _itemEstimates.Add(Estimate(perItem));
            }
            catch (VivgridException e)
            {
                WriteError(ErrorRecordFactory.Create(e, item));
            }
        }

        private CostEstimate Estimate(ChatWorkItem item)
        {
            var model = ResolveModel();
            var request = new ChatRequestTemplate { SystemPrompt = SystemPrompt }.Create(item);
            var count = TokenCounter.CountMessages(request.Messages, model);
            return CostCalculator.Estimate(model, count.Count, MaxOutputTokens, count.IsEstimate, item.Source);
        }

        private ModelInfo ResolveModel()
        {
            if (_model != null) return _model;
            string id = ModelChoice.Resolve(Model) ?? DefaultEstimateModel;
            ModelCatalog catalog;
            try { catalog = ModelCatalog.Current; }
            catch (VivgridException ex) { ThrowTerminatingError(ErrorRecordFactory.Create(ex)); throw; }
            if (catalog.TryGet(id, out var known)) return _model = known;
            WriteWarning(catalog.UnknownModelMessage(id) + " Its prices are unknown, so the costs are empty.");
            return _model = new ModelInfo { Id = id, Origin = "unknown", Tokenizer = TokenizerNames.ForModelId(id) };
        }

        // ---- sum mode

        private void WriteSummaries()
        {
            int unpriced = _usage.Count(u => !u.CostUsd.HasValue);
            if (unpriced > 0)
                WriteVerbose(unpriced.ToString(CultureInfo.InvariantCulture) + " of " + _usage.Count.ToString(CultureInfo.InvariantCulture) +
                    " results have no cost (model without a known price); TotalCostUsd sums the others (n/a when a group has none).");
            if (GroupBy == null)
            {
                WriteObject(Summarize(null, _usage));
                return;
            }
            foreach (var group in _usage.GroupBy(KeyOf, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
                WriteObject(Summarize(group.Key, group.ToList()));
        }

        private string KeyOf(UsageLine u)
        {
            string? key = GroupBy!.ToLowerInvariant() switch
            {
                "model" => u.Model,
                "day" => u.Time?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "source" => u.Source,
                _ => u.Tag,
            };
            return string.IsNullOrEmpty(key) ? "(none)" : key!;
        }

        private static CostSummary Summarize(string? group, IReadOnlyCollection<UsageLine> lines)
        {
            var summary = new CostSummary
            {
                Group = group,
                Count = lines.Count,
                // Nothing spent is known exactly (0); calls none of which had a price cost an unknown amount (null).
                TotalCostUsd = lines.Count == 0 || lines.Any(l => l.CostUsd.HasValue) ? lines.Sum(l => l.CostUsd ?? 0m) : (decimal?)null,
            };
            TokenTotals.Sum(lines.Select(l => l.Tokens)).CopyTo(summary);
            return summary;
        }

        // ---- errors

        private static ErrorRecord NotAResult(PSObject item) => new ErrorRecord(
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                "-GroupBy totals results, but this input is not a ChatResult or UsageRecord (nor has InputTokens/OutputTokens properties): " +
                (item.BaseObject?.GetType().FullName ?? "null") + "."),
            VivgridErrorId.InvalidArgument, ErrorCategory.InvalidType, item);


        /// <summary>One summed item, whatever shape it arrived in.</summary>
        private sealed class UsageLine
        {
            public string? Model { get; private set; }
            public TokenTotals Tokens { get; private set; }
            public decimal? CostUsd { get; private set; }
            public DateTimeOffset? Time { get; private set; }
            public string? Source { get; private set; }
            public string? Tag { get; private set; }

            public static UsageLine? From(PSObject item) => item.BaseObject switch
            {
                ChatResult r => new UsageLine
                {
                    Model = r.Model ?? r.RequestedModel, Tokens = TokenTotals.Of(r), CostUsd = r.CostUsd, Time = r.Created,
                    Source = SourceText(r.Source), Tag = r.Tag,
                },
                UsageRecord u => new UsageLine
                {
                    Model = u.Model ?? u.RequestedModel, Tokens = TokenTotals.Of(u), CostUsd = u.CostUsd, Time = u.Time,
                    Source = u.Source ?? u.ScriptPath, Tag = u.Tag,
                },
                _ => FromProperties(item),
            };

            // Look-alikes (Import-Csv of exported results, ConvertFrom-Json of ledger lines): same property names, text values.
            private static UsageLine? FromProperties(PSObject item)
            {
                if (item.BaseObject is string || item.Properties["InputTokens"] == null || item.Properties["OutputTokens"] == null) return null;
                return new UsageLine
                {
                    Model = Get<string>(item, "Model") ?? Get<string>(item, "RequestedModel"),
                    Tokens = new TokenTotals(Get<int?>(item, "InputTokens") ?? 0, Get<int?>(item, "CachedInputTokens") ?? 0,
                        Get<int?>(item, "OutputTokens") ?? 0, Get<int?>(item, "ReasoningTokens") ?? 0, null),
                    CostUsd = Get<decimal?>(item, "CostUsd"),
                    Time = Get<DateTimeOffset?>(item, "Time") ?? Get<DateTimeOffset?>(item, "Created"),
                    Source = SourceText(item.Properties["Source"]?.Value),
                    Tag = Get<string>(item, "Tag"),
                };
            }

            private static T? Get<T>(PSObject item, string name)
            {
                object? value = item.Properties[name]?.Value;
                if (value == null || value is string s && s.Length == 0) return default;
                try { return (T?)LanguagePrimitives.ConvertTo(value, typeof(T), CultureInfo.InvariantCulture); }
                catch (PSInvalidCastException) { return default; }
            }

            private static string? SourceText(object? source) => source switch
            {
                null => null,
                PSObject ps => SourceText(ps.BaseObject),
                FileSystemInfo f => f.FullName,
                _ => source.ToString(),
            };
        }
    }
}
