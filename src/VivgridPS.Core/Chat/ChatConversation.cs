using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// One work item from its first request to its result: the attempts and retries of each round
    /// (<see cref="ChatRunner"/>), the tool rounds of -InvokeTool, the budget across rounds, one ledger line per round
    /// and the result object, reported as one stream of <see cref="ChatEvent"/>s. Tools and ShouldProcess stay with
    /// the caller's thread: the stream asks (<see cref="ChatEventKind.ToolCallsRequested"/>,
    /// <see cref="ChatEventKind.ConfirmRound"/>) and awaits the answer.
    /// </summary>
    public sealed class ChatConversation
    {
        private readonly ConversationSettings _settings;
        private readonly ChatWork _work;
        private readonly object _gate = new object();
        private readonly List<VivgridPS.ChatResult> _earlierRounds = new List<VivgridPS.ChatResult>();
        private readonly Stopwatch _clock = new Stopwatch();
        private ConversationRound? _round;
        private bool _stopped;

        public ChatConversation(ConversationSettings settings, ChatWork work)
        {
            _settings = settings;
            _work = work;
        }

        public async IAsyncEnumerable<ChatEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            _clock.Start();
            var request = _work.Request;
            var preflight = _work.Preflight;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var round = Begin(request, preflight);
                if (round is null) yield break;
                ChatEvent? end = null;
                Exception? failure = null;
                var events = round.Runner.RunAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        var step = await NextAsync(events).ConfigureAwait(false);
                        failure = step.Failure;
                        if (failure != null || !step.HasValue) break;
                        var e = events.Current;
                        if (e.Kind == ChatEventKind.Completed || e.Kind == ChatEventKind.Interrupted)
                        {
                            end = e;
                            break;
                        }
                        yield return e;
                    }
                }
                finally
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }

                if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested) ExceptionDispatchInfo.Capture(failure).Throw();
                if (end is null)
                {
                    var explained = Explain(failure ?? new InvalidOperationException("The call ended without an answer."), request);
                    Abandon(round, explained);
                    yield return ChatEvent.Failed(explained, round);
                    yield break;
                }

                var interrupted = end.Kind == ChatEventKind.Interrupted;
                var result = RoundResult(round, end.Completion!, end.Duration, end.TimeToFirstToken, interrupted);
                if (!Publish(round, result, interrupted ? "interrupted" : "completed")) yield break;
                if (interrupted)
                {
                    yield return ChatEvent.Finished(ChatEventKind.Interrupted, Total(result), round, end.Failure);
                    yield break;
                }
                if (!_settings.InvokeTools || !AsksForTools(result))
                {
                    yield return ChatEvent.Finished(ChatEventKind.Completed, Total(result), round);
                    yield break;
                }
                if (_earlierRounds.Count >= _settings.MaxToolRounds)
                {
                    yield return ChatEvent.Finished(ChatEventKind.Completed, Total(result), round, warning: TooManyRounds());
                    yield break;
                }

                // The budget is checked before any tool runs: a round that cannot be paid for must not have side effects.
                var unaffordable = _settings.MaxCost is null ? null : TryPreflight(NextRequest(result, null), result).Problem;
                if (unaffordable != null)
                {
                    yield return ChatEvent.Finished(ChatEventKind.Completed, Total(result), round, unaffordable);
                    yield break;
                }
                var toolAnswer = new PendingAnswer<IReadOnlyList<string>>();
                yield return ChatEvent.ToolsRequested(result, round, toolAnswer);
                var next = NextRequest(result, await toolAnswer.WaitAsync(cancellationToken).ConfigureAwait(false));
                var checkedNext = TryPreflight(next, result);
                if (checkedNext.Problem != null)
                {
                    yield return ChatEvent.Finished(ChatEventKind.Completed, Total(result), round, checkedNext.Problem);
                    yield break;
                }
                var confirmation = new PendingAnswer<bool>();
                yield return ChatEvent.Confirm(next, checkedNext.Preflight!, confirmation);
                if (!await confirmation.WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return ChatEvent.Finished(ChatEventKind.Completed, Total(result), round);
                    yield break;
                }
                _earlierRounds.Add(result);
                request = next;
                preflight = checkedNext.Preflight!;
            }
        }

        /// <summary>
        /// Ctrl+C, from the thread that takes the events: ends the conversation and returns the ledger line of the round
        /// in flight whose line was not handed out yet, else null: interrupted with whatever had arrived (counted locally,
        /// IsEstimate), or, for a round that had already finished at the service, its completed or failed line.
        /// Race-free with the worker: the partial answer is frozen under the lock its events are folded in under.
        /// </summary>
        public VivgridPS.UsageRecord? Stop()
        {
            ConversationRound? round;
            VivgridPS.UsageRecord? ready;
            lock (_gate)
            {
                _stopped = true;
                round = _round;
                ready = round?.Usage;
            }
            if (round is null || round.Claimed) return null;
            round.Claimed = true;
            if (ready != null)
            {
                // The round had finished at the service (completed, or failed) before the stop: its line says so, as
                // the bill does, even though its result never reached the user.
                return ready;
            }
            var partial = round.Runner.Freeze() ?? new ChatCompletion { Model = round.Request.Model };
            return Record(RoundResult(round, partial, round.Clock.Elapsed, null, interrupted: true, quick: true), "interrupted");
        }

        private ConversationRound? Begin(ChatRequest request, ChatPreflight preflight)
        {
            lock (_gate)
            {
                if (_stopped) return null;
                _round = new ConversationRound(request, preflight, new ChatRunner(_settings.Transport, _settings.CallOptions));
                return _round;
            }
        }

        /// <summary>
        /// A failed round that reached the service gets a "failed" ledger line (its HTTP status, no tokens, cost 0:
        /// nothing was answered); one that never reached it (no connection) has none.
        /// </summary>
        private void Abandon(ConversationRound round, Exception failure)
        {
            var usage = ReachedService(failure) ? FailedRecord(round, (VivgridException)failure) : null;
            lock (_gate)
            {
                if (usage != null && !_stopped) round.Usage = usage;
                else if (ReferenceEquals(_round, round)) _round = null;
            }
        }

        private static bool ReachedService(Exception failure) =>
            failure is VivgridException e && !e.NotSent && e.ErrorId != VivgridErrorId.ConnectionFailed && e.ErrorId != VivgridErrorId.OperationCanceled
            && e.ErrorId != VivgridErrorId.UnencryptedAuthentication && e.ErrorId != VivgridErrorId.ApiKeyMissing;

        private VivgridPS.UsageRecord FailedRecord(ConversationRound round, VivgridException failure)
        {
            var record = NewRecord("failed", round.Request.Model, round.Request.Model, round.Clock.Elapsed);
            record.CostUsd = 0m;
            record.HttpStatus = failure.HttpStatus;
            return record;
        }

        /// <summary>What every ledger line of this work item says about where it came from.</summary>
        private VivgridPS.UsageRecord NewRecord(string status, string? model, string? requestedModel, TimeSpan duration) => new VivgridPS.UsageRecord
        {
            Time = DateTimeOffset.UtcNow,
            Model = model,
            RequestedModel = requestedModel,
            Duration = duration,
            Status = status,
            Tag = _settings.Tag,
            Run = _work.RunId,
            HostName = _settings.HostName,
            ScriptPath = _settings.ScriptPath,
            Source = _work.SourceText,
            Prompt = _settings.LogContent ? _work.PromptText : null,
        };

        /// <summary>Makes the round's ledger line; false when Ctrl+C came first (<see cref="Stop"/> wrote it).</summary>
        private bool Publish(ConversationRound round, VivgridPS.ChatResult result, string status)
        {
            var usage = Record(result, status);
            lock (_gate)
            {
                if (_stopped) return false;
                round.Result = result;
                round.Usage = usage;
                return true;
            }
        }

        private static async Task<(bool HasValue, Exception? Failure)> NextAsync(IAsyncEnumerator<ChatEvent> events)
        {
            try
            {
                return (await events.MoveNextAsync().ConfigureAwait(false), null);
            }
            catch (Exception e)
            {
                return (false, e);
            }
        }

        private VivgridPS.ChatResult RoundResult(ConversationRound round, ChatCompletion completion, TimeSpan duration,
            TimeSpan? timeToFirstToken, bool interrupted, bool quick = false)
        {
            // No usage from the service (a cut stream, or an answer without it): count what was sent and received,
            // and say that it is an estimate, instead of recording 0 tokens and no cost.
            var estimated = completion.Usage is null;
            if (estimated) completion.Usage = UsageEstimator.Estimate(round.Request, round.Preflight, completion, quick);
            var cost = ChatPreflight.Cost(_settings.Catalog, completion.Model, round.Preflight.Model, completion.Usage);
            var result = ChatResultFactory.Create(round.Request, completion, cost, _work.Source, interrupted);
            result.Duration = duration;
            result.TimeToFirstToken = timeToFirstToken;
            result.Tag = _settings.Tag;
            result.IsEstimate = estimated;
            return result;
        }

        private VivgridPS.UsageRecord Record(VivgridPS.ChatResult result, string status)
        {
            var record = NewRecord(status, result.Model, result.RequestedModel, result.Duration);
            record.CostUsd = result.CostUsd;
            record.IsEstimate = result.IsEstimate;
            record.OverBudget = IsOverBudget(result);
            record.Response = _settings.LogContent ? result.Content : null;
            TokenTotals.Of(result).CopyTo(record);
            return record;
        }

        /// <summary>The work item's reported cost so far (earlier rounds and this one) went past -MaxCost.</summary>
        private bool IsOverBudget(VivgridPS.ChatResult round) =>
            _settings.MaxCost is decimal max && round.CostUsd is decimal cost && _earlierRounds.Sum(r => r.CostUsd ?? 0m) + cost > max;

        /// <summary>The result the user gets reports the whole work item: every round's tokens and cost, one duration.</summary>
        private VivgridPS.ChatResult Total(VivgridPS.ChatResult last)
        {
            if (_earlierRounds.Count == 0) return last;
            var all = _earlierRounds.Concat(new[] { last }).ToList();
            TokenTotals.Sum(all.Select(r => TokenTotals.Of(r))).CopyTo(last);
            last.CostUsd = all.Any(r => r.CostUsd is null) ? null : all.Sum(r => r.CostUsd!.Value);
            last.IsEstimate = all.Any(r => r.IsEstimate);
            last.Duration = _clock.Elapsed;
            last.TimeToFirstToken = _earlierRounds[0].TimeToFirstToken;
            return last;
        }

        private static bool AsksForTools(VivgridPS.ChatResult result) =>
            result.ToolCalls.Length > 0 && result.FinishReason != "length" && result.FinishReason != "content_filter";

        private string TooManyRounds() =>
            $"The model still asks for tools after {_earlierRounds.Count} tool round(s) (-MaxToolRounds {_settings.MaxToolRounds}); " +
            "its last tool calls were not run and the result has FinishReason 'tool_calls'. Raise -MaxToolRounds or narrow the question.";

        /// <summary>The conversation so far, the assistant's tool calls, and one role=tool message per call (empty outputs when null).</summary>
        private ChatRequest NextRequest(VivgridPS.ChatResult result, IReadOnlyList<string>? outputs)
        {
            var next = _work.Options.CopyOptions();
            next.Messages.AddRange(result.Messages);
            // -ToolChoice required/<name> forces a call; kept on later rounds it would never let the model answer.
            if (next.ToolChoice != "auto" && next.ToolChoice != "none") next.ToolChoice = "auto";
            for (var i = 0; i < result.ToolCalls.Length; i++)
            {
                var output = outputs != null && i < outputs.Count ? outputs[i] : string.Empty;
                next.Messages.Add(new VivgridPS.ChatMessage("tool", output) { ToolCallId = result.ToolCalls[i].Id });
            }
            return next;
        }

        /// <summary>-MaxCost covers the whole work item: a later round gets what the earlier ones left.</summary>
        private (ChatPreflight? Preflight, VivgridException? Problem) TryPreflight(ChatRequest next, VivgridPS.ChatResult result)
        {
            decimal? budget = null;
            if (_settings.MaxCost is { } maxCost)
            {
                var spent = _earlierRounds.Sum(r => r.CostUsd ?? 0m) + (result.CostUsd ?? 0m);
                budget = Math.Max(0m, maxCost - spent);
            }
            try
            {
                return (ChatPreflight.Run(next, _settings.Catalog, budget, _settings.CountTokens), null);
            }
            catch (VivgridException e)
            {
                return (null, e);
            }
        }

        /// <summary>A model the service does not know: name the closest catalog ids (the catalog may be stale).</summary>
        private Exception Explain(Exception failure, ChatRequest request)
        {
            if (failure is not VivgridException { ErrorId: VivgridErrorId.ModelNotFound } e || request.Model is null) return failure;
            var closest = _settings.Catalog.SuggestClosest(request.Model);
            if (closest.Count == 0) return e;
            return e.WithMessage(e.Message + " Closest catalog ids: " + string.Join(", ", closest) + ".", request.Model);
        }
    }
}
