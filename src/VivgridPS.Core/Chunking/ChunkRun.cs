using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// The state of one -Chunk run after its plan: makes the map request of each chunk as the sending pass reads it,
    /// collects the partial answers in input order, makes the reduce requests level by level until one answer
    /// remains, and builds the one result whose tokens and cost sum every request. The caller runs the requests
    /// (through its ordered queue) and reports each answer back; this class does no I/O and holds no thread.
    /// </summary>
    public sealed class ChunkRun
    {
        private readonly ChunkPlan _plan;
        private readonly ChunkRequests _requests;
        private readonly ModelCatalog _catalog;
        private readonly decimal? _maxCost;
        private readonly string? _promptText;
        private readonly object? _source;
        private readonly ChatResult?[] _maps;
        private readonly List<ChatResult> _reduced = new List<ChatResult>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private List<Slot> _level = new List<Slot>();
        private int _mapsMade;

        /// <param name="promptText">The user's prompt for the ledger with -LogContent (never a chunk's text).</param>
        /// <param name="source">What the result answers (a file path, or null for piped lines).</param>
        public ChunkRun(ChunkPlan plan, ChunkRequests requests, ModelCatalog catalog, decimal? maxCost, string? promptText, object? source)
        {
            _plan = plan;
            _requests = requests;
            _catalog = catalog;
            _maxCost = maxCost;
            _promptText = promptText;
            _source = source;
            _maps = new ChatResult?[plan.Chunks];
            RunId = Guid.NewGuid().ToString("N").Substring(0, 16);
        }

        public string RunId { get; }
        public ChunkPlan Plan => _plan;
        /// <summary>A request failed or was refused: no further request is made; <see cref="Partial"/> has what finished.</summary>
        public bool Failed { get; private set; }

        /// <summary>USD reported so far by the finished requests.</summary>
        public decimal Spent => _maps.Concat(_reduced).Where(r => r != null).Sum(r => r!.CostUsd ?? 0m);

        /// <summary>The map request of <paramref name="chunk"/>, after checking it is the chunk the plan counted.</summary>
        public ChunkStep Map(TextChunk chunk)
        {
            if (chunk.Index >= _plan.Chunks || chunk.Tokens != _plan.ChunkTokens[chunk.Index] || chunk.Text is null)
            {
                throw Changed();
            }
            _mapsMade++;
            var n = _plan.Chunks;
            var request = _requests.Map(chunk.Index + 1, n, chunk.Text, _plan.MaxOutputTokens);
            var label = n == 1 ? _plan.Source : string.Format(CultureInfo.InvariantCulture, "{0} (part {1} of {2}, lines {3}-{4})",
                _plan.Source, chunk.Index + 1, n, chunk.FirstLine, chunk.LastLine);
            var work = Work(request, _plan.MapInputTokens[chunk.Index], label);
            return new ChunkStep(this, work, chunk.Index + 1, chunk.Index + 1, isMap: true, isFinal: n == 1, slot: chunk.Index);
        }

        /// <summary>The sending pass ended: it must have read every planned chunk.</summary>
        public void CheckAllMapped()
        {
            if (_mapsMade != _plan.Chunks) throw Changed();
        }

        public void Complete(ChunkStep step, ChatResult result)
        {
            // A part keeps its answer and figures, not its conversation: that holds the chunk, and a run's parts would
            // otherwise keep the whole input in memory.
            result.Messages = Array.Empty<ChatMessage>();
            if (step.IsMap) _maps[step.Slot] = result;
            else
            {
                _reduced.Add(result);
                _level[step.Slot] = _level[step.Slot] with { Result = result };
            }
        }

        public void Fail() => Failed = true;

        /// <summary>
        /// The reduce requests of the next level (empty when the run's answer is already in): the partial answers in
        /// order, grouped into requests that fit the window; an answer too long to share a request is carried up a level
        /// unchanged. Throws BudgetExceeded (and marks the run failed) when -MaxCost cannot cover the level at worst.
        /// </summary>
        public IReadOnlyList<ChunkStep> NextReduce()
        {
            if (Failed || _plan.Chunks == 1) return Array.Empty<ChunkStep>();
            var items = _level.Count == 0
                ? _maps.Select((r, i) => new Slot(i + 1, i + 1, r)).ToList()
                : _level;
            // One slot left: the final request was made (its answer is the run's result, written by the caller).
            if (items.Count == 1) return Array.Empty<ChunkStep>();
            if (items.Any(s => s.Result is null)) throw new InvalidOperationException("A reduce level was asked for before the previous one finished.");
            var messages = items.Select(s => ChunkRequests.PartMessage(s.First, s.Last, s.Result!.Content)).ToList();
            var tokens = messages.Select(m => _requests.PartMessageTokens(m)).ToList();
            var window = _plan.Model.ContextWindow!.Value;
            var cap = _plan.MaxOutputTokens;
            var groups = ReduceGrouping.Group(tokens, (long)window - cap - _requests.MaxReduceOverhead());
            if (groups is null || (groups.Count > 1 && groups.Count == items.Count)) throw Refuse(TooLong(window));
            var next = new List<Slot>();
            var steps = new List<ChunkStep>();
            decimal worst = 0;
            foreach (var (start, count) in groups)
            {
                var first = items[start].First;
                var last = items[start + count - 1].Last;
                if (count == 1 && groups.Count > 1)
                {
                    next.Add(items[start]);
                    continue;
                }
                var request = _requests.Reduce(first, last, _plan.Chunks, messages.Skip(start).Take(count), cap);
                var expected = _requests.Count(request);
                worst += ReduceForecast.WorstCost(_plan.Model, expected, cap) ?? 0m;
                var label = string.Format(CultureInfo.InvariantCulture, "{0} (combining parts {1}-{2} of {3})", _plan.Source, first, last, _plan.Chunks);
                steps.Add(new ChunkStep(this, Work(request, expected, label), first, last, isMap: false, isFinal: groups.Count == 1, slot: next.Count));
                next.Add(new Slot(first, last, null));
            }
            if (_maxCost is decimal max && Spent + worst > max) throw Refuse(OverBudget(max, worst));
            _level = next;
            return steps;
        }

        /// <summary>The run's answer: the final request's result, with every request's tokens and cost and the parts.</summary>
        public ChatResult Finish(ChatResult final)
        {
            var parts = Finished();
            Total(final, parts.Concat(new[] { final }).ToList());
            final.Parts = parts;
            final.ChunkCount = _plan.Chunks;
            final.RunId = RunId;
            final.Source = _source;
            return final;
        }

        /// <summary>What a failed or stopped run keeps: the finished parts, their sums, FinishReason 'interrupted', no answer.</summary>
        public ChatResult Partial()
        {
            var parts = Finished();
            var result = new ChatResult
            {
                Model = parts.Select(p => p.Model).FirstOrDefault(m => m != null) ?? _plan.Model.Id,
                RequestedModel = _plan.Model.Id,
                FinishReason = "interrupted",
                Parts = parts,
                ChunkCount = _plan.Chunks,
                RunId = RunId,
                Source = _source,
            };
            Total(result, parts);
            return result;
        }

        private ChatResult[] Finished() => _maps.Where(r => r != null).Concat(_reduced.Where(r => r != null)).ToArray()!;

        private void Total(ChatResult target, IReadOnlyList<ChatResult> all)
        {
            Tokens.TokenTotals.Sum(all.Select(r => Tokens.TokenTotals.Of(r))).CopyTo(target);
            target.CostUsd = all.Any(r => r.CostUsd is null) ? null : all.Sum(r => r.CostUsd!.Value);
            target.IsEstimate = all.Any(r => r.IsEstimate);
            target.Duration = _clock.Elapsed;
        }

        private ChatWork Work(ChatRequest request, int expectedTokens, string label)
        {
            // describe: true counts the request exactly; it must be what the plan counted (a defect otherwise).
            var preflight = ChatPreflight.Run(request, _catalog, maxCost: null, describe: true);
            if (preflight.InputTokens is int counted && counted != expectedTokens)
            {
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                    "-Chunk counted {0} input tokens for {1} but the request has {2}.", expectedTokens, label, counted));
            }
            return new ChatWork(request, preflight, request.CopyOptions())
            {
                Source = _source,
                SourceText = label,
                PromptText = _promptText,
                RunId = RunId,
            };
        }

        private VivgridException Refuse(VivgridException e)
        {
            Failed = true;
            return e;
        }

        private VivgridException Changed() => Refuse(new VivgridException(VivgridErrorId.InvalidInputFile, VivgridErrorKind.InvalidData,
            $"'{_plan.Source}' changed after it was counted: the chunks read for sending are not the ones planned and priced. The requests already sent are kept.",
            "Run the command again once the file is no longer being written (or copy it first).") { Target = _plan.Source });

        private VivgridException TooLong(int window) => new VivgridException(VivgridErrorId.ContextWindowExceeded, VivgridErrorKind.LimitsExceeded,
            string.Format(CultureInfo.InvariantCulture,
                "-Chunk could not combine the partial answers: they do not fit two at a time in one request within the {0:N0}-token window of {1}. The partial answers are kept in .Parts.",
                window, _plan.Model.Id),
            "Lower -MaxOutputTokens or ask for shorter answers in the prompt.") { Target = _plan.Model.Id };

        private VivgridException OverBudget(decimal max, decimal worst) => new VivgridException(VivgridErrorId.BudgetExceeded, VivgridErrorKind.LimitsExceeded,
            string.Format(CultureInfo.InvariantCulture,
                "Budget exceeded: the run has spent {0} USD and the next combining request(s) could cost up to {1} USD, more than -MaxCost {2} USD. The partial answers are kept in .Parts.",
                Spent.ToString("0.######", CultureInfo.InvariantCulture), worst.ToString("0.######", CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture)),
            "Raise -MaxCost or lower -MaxOutputTokens.") { Target = _plan.Model.Id };

        private sealed record Slot(int First, int Last, ChatResult? Result);
    }
}
