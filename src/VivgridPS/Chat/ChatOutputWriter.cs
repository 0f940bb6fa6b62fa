using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using VivgridPS.Commands;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Errors;
using VivgridPS.Json;
using VivgridPS.Tools;

namespace VivgridPS.Chat
{
    /// <summary>
    /// The one place that writes for Invoke-VivgridChat, from the pipeline thread: it maps each core event to
    /// deltas (pipeline strings, or prose on the console when the cmdlet ends an interactive pipeline), verbose
    /// retries, redacted debug dumps, progress, tool runs and ShouldProcess, results, errors, and ledger lines.
    /// </summary>
    internal sealed class ChatOutputWriter
    {
        /// <summary>Type name whose view shows only the summary line: the text was already shown live.</summary>
        public const string StreamedTypeName = "VivgridPS.ChatResult#Streamed";
        private const int ProgressId = 0x5649;
        private static readonly long ProgressTicks = System.Diagnostics.Stopwatch.Frequency / 4;
        private static readonly long ProgressDelayTicks = System.Diagnostics.Stopwatch.Frequency / 4;
        private readonly InvokeVivgridChatCommand _cmdlet;
        private readonly ChatSettings _settings;
        private readonly bool _showOnHost;
        private readonly ToolInvoker? _tools;

        public ChatOutputWriter(InvokeVivgridChatCommand cmdlet, ChatSettings settings)
        {
            _cmdlet = cmdlet;
            _settings = settings;
            if (settings.Tools is { Invoke: true } tools) _tools = new ToolInvoker(cmdlet.InvokeCommand, cmdlet.ShouldProcess, tools.Tools);
            // Last command of its pipeline in a host with a console UI (pwsh, VS Code, remoting): the text flows as
            // prose through the host and the result object is still returned (SPEC §2 Streaming), the same at a
            // prompt and in `pwsh -File task.ps1 > log.txt` — Out-Default would otherwise print one fragment per
            // line. With a downstream command, or in a runspace without a UI, deltas are pipeline strings, so
            // Set-Content and ForEach-Object get exactly the answer.
            var invocation = cmdlet.MyInvocation;
            _showOnHost = settings.Stream && invocation.PipelinePosition == invocation.PipelineLength && HasConsoleUI(cmdlet.Host);
            if (settings.LedgerWarning != null) cmdlet.WriteWarning(settings.LedgerWarning);
        }

        public void Handle(CallState state, ChatEvent e)
        {
            if (state.Step is { } step)
            {
                if (!step.IsFinal)
                {
                    HandlePart(state, step, e);
                    return;
                }
                // The run's answer: it carries the tokens and cost of every request and the parts.
                if (e.Result != null && (e.Kind == ChatEventKind.Completed || e.Kind == ChatEventKind.Interrupted)) step.Run.Finish(e.Result);
                if (e.Kind == ChatEventKind.Failed) step.Run.Fail();
            }
            switch (e.Kind)
            {
                case ChatEventKind.Delta:
                    state.DeltaCount++;
                    if (!_settings.Stream) ShowProgress(state);
                    else if (_showOnHost)
                    {
                        // A progress bar drawn between deltas would be printed into the prose: it goes once text flows.
                        HideProgress(state);
                        _cmdlet.Host.UI.Write(e.Text);
                    }
                    else _cmdlet.WriteObject(e.Text);
                    break;
                case ChatEventKind.Retry:
                case ChatEventKind.Throttled:
                    _cmdlet.WriteVerbose(e.Text);
                    break;
                case ChatEventKind.Debug:
                    _cmdlet.WriteDebug(e.Text);
                    break;
                case ChatEventKind.ToolCallsRequested:
                    Record(e.TakeUsage());
                    e.ToolAnswer!.Give(RunTools(e.ToolCalls));
                    break;
                case ChatEventKind.ConfirmRound:
                    e.Confirmation!.Give(ShouldSend(e.NextRequest!, e.NextPreflight!));
                    break;
                case ChatEventKind.Completed:
                    Complete(state, e);
                    break;
                case ChatEventKind.Interrupted:
                    HideProgress(state);
                    var partial = WithArguments(e.Result!);
                    if (_showOnHost) _cmdlet.Host.UI.WriteLine();
                    WarnIfEstimated(partial);
                    WriteResult(partial, always: true);
                    Record(e.TakeUsage());
                    WriteError(e.Failure!, state.Target);
                    break;
                case ChatEventKind.Failed:
                    HideProgress(state);
                    Record(e.TakeUsage());
                    if (IsRepeatedQuotaStop(e.Failure!)) break;
                    WriteError(e.Failure!, state.Target);
                    break;
            }
        }

        /// <summary>
        /// An exhausted quota is said once per command: the items queued behind it were not sent, and are counted for
        /// <see cref="WarnNotSent"/> instead of each writing the same error.
        /// </summary>
        private bool IsRepeatedQuotaStop(Exception failure)
        {
            if (failure is not VivgridException v || !(v.NotSent || ErrorClassifier.IsQuotaExhausted(v))) return false;
            if (!_quotaReported)
            {
                _quotaReported = true;
                return false;
            }
            if (v.NotSent) _notSent++;
            return true;
        }

        private bool _quotaReported;
        private int _notSent;

        /// <summary>After the last item: how many items an exhausted quota kept from being sent (nothing else is lost).</summary>
        public void WarnNotSent()
        {
            if (_notSent > 0)
            {
                _cmdlet.WriteWarning($"{_notSent} item(s) were not sent because the quota is exhausted (no request, no cost); top up the balance and run them again.");
            }
        }

        /// <summary>The call's event stream ended; a failure here is a cancel (nothing to say) or a defect.</summary>
        public void Finish(CallState state, Exception? failure)
        {
            HideProgress(state);
            if (failure != null) state.Step?.Run.Fail();
            if (failure != null && failure is not OperationCanceledException) WriteError(failure, state.Target);
        }

        /// <summary>
        /// ShouldProcess for one request. The full description (it serializes the body again) is built only when
        /// -WhatIf/-Confirm/-Verbose can show it, so ordinary calls do not pay for a second 1.6 MB body.
        /// </summary>
        public bool ShouldSend(ChatRequest request, ChatPreflight preflight)
        {
            var description = _settings.DescribeRequests
                ? RequestDescription.Describe(request, preflight, _settings.Connection)
                : "Invoke-VivgridChat: send a chat request to " + (request.Model ?? "the service default model");
            return _cmdlet.ShouldProcess(description, RequestDescription.Warning(request, preflight), "Invoke-VivgridChat");
        }

        public void WriteWarning(string text) => _cmdlet.WriteWarning(text);

        /// <summary>ShouldProcess once for a whole -Chunk run, with its plan: -WhatIf shows the figures and sends nothing.</summary>
        public bool ShouldSendRun(Core.Chunking.ChunkPlan plan)
        {
            var description = "Invoke-VivgridChat -Chunk: " + plan.Describe();
            var warning = string.Format(CultureInfo.InvariantCulture, "Send {0:N0} request(s) or more for {1} (worst case {2})?", plan.Chunks,
                plan.Source, plan.MaxTotalCostUsd is decimal c ? c.ToString("0.######", CultureInfo.InvariantCulture) + " USD" : "unknown cost");
            return _cmdlet.ShouldProcess(description, warning, "Invoke-VivgridChat");
        }

        /// <summary>A run that could not finish: its finished parts, summed, as a result marked interrupted.</summary>
        public void WriteRunPartial(VivgridPS.ChatResult partial)
        {
            _cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                "The -Chunk run did not finish: {0} of its request(s) answered; their answers are in .Parts and their tokens and cost in the result (run {1}).",
                partial.Parts.Length, partial.RunId));
            WriteResult(partial, always: true);
        }

        /// <summary>A map or intermediate reduce request: its answer goes to the run, not to the pipeline; its ledger line is written.</summary>
        private void HandlePart(CallState state, Core.Chunking.ChunkStep step, ChatEvent e)
        {
            switch (e.Kind)
            {
                case ChatEventKind.Delta:
                    state.DeltaCount++;
                    ShowProgress(state);
                    break;
                case ChatEventKind.Retry:
                    _cmdlet.WriteVerbose(e.Text);
                    break;
                case ChatEventKind.Debug:
                    _cmdlet.WriteDebug(e.Text);
                    break;
                case ChatEventKind.Completed:
                    HideProgress(state);
                    Record(e.TakeUsage());
                    step.Run.Complete(step, e.Result!);
                    _cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} input, {2} output tokens.", state.Item.LedgerSource, e.Result!.InputTokens, e.Result.OutputTokens));
                    if (e.Result.FinishReason == "length")
                    {
                        _cmdlet.WriteWarning($"{state.Item.LedgerSource}: the partial answer stopped at the output token limit ({e.Result.OutputTokens} tokens); the combined answer may miss part of it. Raise -MaxOutputTokens.");
                    }
                    break;
                case ChatEventKind.Interrupted:
                case ChatEventKind.Failed:
                    HideProgress(state);
                    Record(e.TakeUsage());
                    step.Run.Fail();
                    WriteError(e.Failure!, state.Target);
                    break;
                case ChatEventKind.ConfirmRound:
                    e.Confirmation!.Give(false);
                    break;
                case ChatEventKind.ToolCallsRequested:
                    Record(e.TakeUsage());
                    e.ToolAnswer!.Give(Array.Empty<string>());
                    break;
            }
        }

        public void WriteError(Exception failure, object? target)
        {
            _cmdlet.WriteError(failure is VivgridException typed
                ? ErrorRecordFactory.Create(typed, target)
                : new ErrorRecord(failure, VivgridErrorId.UnexpectedError, ErrorCategory.NotSpecified, target));
        }

        /// <summary>Appends a ledger line; a ledger problem is a warning (never while the pipeline stops), never a lost answer.</summary>
        public void Record(VivgridPS.UsageRecord? record, bool stopping = false)
        {
            if (record is null || _settings.Ledger is null) return;
            try
            {
                _settings.Ledger.Append(record);
            }
            catch (VivgridException e) when (!stopping)
            {
                _cmdlet.WriteWarning("The usage ledger could not be written: " + e.Message);
            }
            catch (VivgridException)
            {
            }
        }

        /// <summary>
        /// Progress appears only for calls that take a while: a bar that flashes for a 100 ms answer helps nobody,
        /// and writing it costs every quick call in a 5,000-call script.
        /// </summary>
        public void ShowProgress(CallState state)
        {
            if (_showOnHost && state.DeltaCount > 0) return;
            var now = state.Clock.ElapsedTicks;
            if (now < ProgressDelayTicks) return;
            if (state.ProgressShown && now - state.LastProgressTicks < ProgressTicks) return;
            state.LastProgressTicks = now;
            state.ProgressShown = true;
            var model = state.Request.Model ?? "the service default model";
            var status = string.Format(CultureInfo.InvariantCulture, "{0}: {1:0.0} s elapsed, ~{2} tokens received",
                model, state.Clock.Elapsed.TotalSeconds, state.DeltaCount);
            var record = new ProgressRecord(ProgressId, "Invoke-VivgridChat", status);
            if (state.Item.Source != null) record.CurrentOperation = SourceText(state.Item.Source);
            _cmdlet.WriteProgress(record);
        }

        internal static string SourceText(object source)
        {
            var value = source is PSObject ps ? ps.BaseObject : source;
            return value as string ?? value?.ToString() ?? string.Empty;
        }

        private void HideProgress(CallState state)
        {
            if (!state.ProgressShown) return;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, "Invoke-VivgridChat", "Done") { RecordType = ProgressRecordType.Completed });
            state.ProgressShown = false;
        }

        /// <summary>
        /// The ledger line is taken after the result is written: if the pipeline stops during the write, the user did
        /// not get the answer, and <see cref="ChatConversation.Stop"/> records the round as interrupted instead.
        /// </summary>
        private void Complete(CallState state, ChatEvent e)
        {
            HideProgress(state);
            if (e.Failure != null) WriteError(e.Failure, state.Target);
            if (e.Warning != null) _cmdlet.WriteWarning(e.Warning);
            var result = WithArguments(e.Result!);
            if (_settings.ParseData && !string.IsNullOrWhiteSpace(result.Content))
            {
                if (JsonToPSObject.TryParse(result.Content, out var data)) result.Data = data;
                else _cmdlet.WriteError(ErrorRecordFactory.Create(VivgridErrorId.MalformedResponse, VivgridErrorKind.InvalidData,
                    "The model's answer is not valid JSON, so .Data is empty; the text is in .Content.",
                    "Raise -MaxOutputTokens if the answer was cut off (FinishReason 'length'), or retry.", state.Item.Source));
            }
            if (_showOnHost) _cmdlet.Host.UI.WriteLine();
            WarnAboutFinish(result);
            // The line first: the call completed at the service whatever happens to the object downstream (a
            // Select-Object -First that stops the pipeline as it takes it must not turn it into "interrupted").
            Record(e.TakeUsage());
            WriteResult(result, always: false);
        }

        /// <summary>The model's tool arguments as objects, for scripts that read .ToolCalls.</summary>
        private static VivgridPS.ChatResult WithArguments(VivgridPS.ChatResult result)
        {
            foreach (var call in result.ToolCalls)
            {
                if (JsonToPSObject.TryParse(call.ArgumentsJson, out var arguments)) call.Arguments = arguments;
            }
            return result;
        }

        /// <summary>-InvokeTool: runs each call (allow-list, ShouldProcess) and returns what goes back to the model.</summary>
        private IReadOnlyList<string> RunTools(IReadOnlyList<VivgridPS.ToolCall> calls)
        {
            var outputs = new List<string>(calls.Count);
            foreach (var call in calls)
            {
                var outcome = _tools!.Invoke(call);
                _cmdlet.WriteVerbose($"Tool {call.Name} ({call.Id}) {(outcome.Ran ? "ran" : "did not run")}; {outcome.Content.Length:N0} characters go back to the model.");
                outputs.Add(outcome.Content);
            }
            return outputs;
        }

        private void WriteResult(VivgridPS.ChatResult result, bool always)
        {
            if (_settings.Stream && !_settings.PassThru && !_showOnHost && !always) return;
            var output = PSObject.AsPSObject(result);
            // The streamed view is out-of-band (VivgridPS.Format.ps1xml): Out-Default no longer reuses the full view it
            // picked for an earlier non-streamed result, which printed the streamed answer a second time.
            if (_showOnHost) output.TypeNames.Insert(0, StreamedTypeName);
            _cmdlet.WriteObject(output);
        }

        private bool _warnedUnpriced;

        private bool _warnedEstimate;

        /// <summary>Once per command: the figures of this result were counted locally.</summary>
        private void WarnIfEstimated(VivgridPS.ChatResult result)
        {
            if (_warnedEstimate || VivgridPS.Core.Pricing.CostNotices.Estimated(result) is not string text) return;
            _warnedEstimate = true;
            _cmdlet.WriteWarning(text);
        }

        private void WarnAboutFinish(VivgridPS.ChatResult result)
        {
            if (VivgridPS.Core.Pricing.CostNotices.OverBudget(_settings.Conversation.MaxCost, result) is string overBudget) _cmdlet.WriteWarning(overBudget);
            WarnIfEstimated(result);
            // Once per command: a 300-row -Each run gets one warning, not 300.
            if (!_warnedUnpriced && result.CostUsd is null && ChatPreflight.IsUnnamedModel(result.Model, result.RequestedModel))
            {
                _warnedUnpriced = true;
                _cmdlet.WriteWarning("The service chose the model (\"managed\") and its answer does not say which, so the cost is unknown (CostUsd is empty). Pass -Model or set $env:VIVGRID_MODEL to get a cost.");
            }
            if (result.FinishReason == "length")
            {
                _cmdlet.WriteWarning($"The answer stopped at the output token limit ({result.OutputTokens} tokens); raise -MaxOutputTokens or -MaxCost for a complete answer.");
            }
            else if (result.FinishReason == "content_filter")
            {
                _cmdlet.WriteWarning("The service's content filter stopped the answer.");
            }
        }

        /// <summary>
        /// A host whose UI can show prose: not the UI-less default host of a bare runspace, and one that has a RawUI
        /// (custom hosts may throw NotImplementedException for it, which means no console either).
        /// </summary>
        private static bool HasConsoleUI(System.Management.Automation.Host.PSHost? host)
        {
            if (host is null || string.Equals(host.Name, "Default Host", StringComparison.Ordinal)) return false;
            try
            {
                return host.UI?.RawUI != null;
            }
            catch (NotImplementedException)
            {
                return false;
            }
        }
    }
}
