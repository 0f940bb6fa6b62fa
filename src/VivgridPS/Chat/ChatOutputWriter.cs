using System;
using System.Globalization;
using System.Management.Automation;
using VivgridPS.Commands;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Errors;
using VivgridPS.Json;

namespace VivgridPS.Chat
{
    /// <summary>
    /// Writes a call's events from the pipeline thread: deltas (to the pipeline, or as prose to the console when
    /// the cmdlet ends an interactive pipeline), verbose retries, redacted debug dumps, progress, results, errors,
    /// and the ledger line.
    /// </summary>
    internal sealed class ChatOutputWriter
    {
        /// <summary>Type name whose view shows only the summary line: the text was already shown live.</summary>
        public const string StreamedTypeName = "VivgridPS.ChatResult#Streamed";
        private static readonly long ProgressTicks = System.Diagnostics.Stopwatch.Frequency / 4;
        private static readonly long ProgressDelayTicks = System.Diagnostics.Stopwatch.Frequency / 4;
        private readonly InvokeVivgridChatCommand _cmdlet;
        private readonly ChatSettings _settings;
        private readonly bool _showOnHost;
        private readonly LedgerWriter _ledger;
        private readonly Tools.ToolRoundLoop? _toolLoop;

        public ChatOutputWriter(InvokeVivgridChatCommand cmdlet, ChatSettings settings, System.Threading.CancellationToken cancellation = default)
        {
            _cmdlet = cmdlet;
            _settings = settings;
            _ledger = new LedgerWriter(cmdlet, settings);
            if (settings.Tools is { Invoke: true } tools) _toolLoop = new Tools.ToolRoundLoop(cmdlet, settings, tools, this, cancellation);
            // Last command of its pipeline in a host with a console UI (pwsh, VS Code, remoting): the text flows as
            // prose through the host and the result object is still returned (SPEC §2 Streaming), the same at a
            // prompt and in `pwsh -File task.ps1 > log.txt` — Out-Default would otherwise print one fragment per
            // line. With a downstream command, or in a runspace without a UI, deltas are pipeline strings, so
            // Set-Content and ForEach-Object get exactly the answer.
            var invocation = cmdlet.MyInvocation;
            _showOnHost = settings.Stream && invocation.PipelinePosition == invocation.PipelineLength && HasConsoleUI(cmdlet.Host);
        }

        public void Handle(CallState state, ChatEvent e)
        {
            switch (e.Kind)
            {
                case ChatEventKind.Delta:
                    state.DeltaCount++;
                    if (!_settings.Stream) ShowProgress(state);
                    else if (_showOnHost) _cmdlet.Host.UI.Write(e.Text);
                    else _cmdlet.WriteObject(e.Text);
                    break;
                case ChatEventKind.Retry:
                    _cmdlet.WriteVerbose(e.Text);
                    break;
                case ChatEventKind.Debug:
                    _cmdlet.WriteDebug(e.Text);
                    break;
                case ChatEventKind.Completed:
                    Complete(state, e.Outcome!);
                    break;
            }
        }

        public void Finish(CallState state, Exception? failure)
        {
            HideProgress(state);
            switch (failure)
            {
                case null:
                    return;
                case VivgridException { PartialResult: ChatOutcome partial } interrupted:
                    var result = BuildResult(state, partial, "interrupted");
                    if (_toolLoop != null) result = _toolLoop.Combine(state, result);
                    if (_showOnHost) _cmdlet.Host.UI.WriteLine();
                    WriteResult(result, always: true);
                    _cmdlet.WriteError(ErrorRecordFactory.Create(interrupted, state.Item.Source ?? state.Request.Model));
                    return;
                case VivgridException typed:
                    _cmdlet.WriteError(ErrorRecordFactory.Create(AddSuggestions(typed, state), state.Item.Source ?? state.Request.Model));
                    return;
                case OperationCanceledException:
                    return;
                default:
                    _cmdlet.WriteError(new ErrorRecord(failure, VivgridErrorId.UnexpectedError, ErrorCategory.NotSpecified, state.Item.Source));
                    return;
            }
        }

        public void RecordInterrupted(CallState state, ChatCompletion? partial)
        {
            if (state.Completed || partial is null) return;
            partial.FinishReason = "interrupted";
            var outcome = new ChatOutcome(partial, state.Clock.Elapsed, null, 0);
            // BuildResult writes the ledger line itself; Ctrl+C once wrote it twice.
            BuildResult(state, outcome, "interrupted");
        }

        /// <summary>
        /// Progress appears only for calls that take a while: a bar that flashes for a 100 ms answer helps nobody,
        /// and writing it costs every quick call in a 5,000-call script.
        /// </summary>
        public void ShowProgress(CallState state)
        {
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

        private const int ProgressId = 0x5649;

        private void HideProgress(CallState state)
        {
            if (!state.ProgressShown) return;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, "Invoke-VivgridChat", "Done") { RecordType = ProgressRecordType.Completed });
            state.ProgressShown = false;
        }

        private void Complete(CallState state, ChatOutcome outcome)
        {
            state.Completed = true;
            HideProgress(state);
            var result = BuildResult(state, outcome, "completed");
            // -InvokeTool: one ledger line per round (BuildResult); the final result sums all rounds.
            if (_toolLoop != null)
            {
                if (_toolLoop.TryContinue(state, result)) return;
                result = _toolLoop.Combine(state, result);
            }
            if (_showOnHost) _cmdlet.Host.UI.WriteLine();
            WarnAboutFinish(result);
            WriteResult(result, always: false);
        }

        private VivgridPS.ChatResult BuildResult(CallState state, ChatOutcome outcome, string status)
        {
            var cost = ChatPreflight.Cost(_settings.Catalog, outcome.Completion.Model, state.Preflight.Model, outcome.Completion.Usage);
            var result = ChatResultFactory.Create(state.Request, outcome, cost, state.Item.Source);
            result.Tag = _settings.Tag;
            foreach (var call in result.ToolCalls)
            {
                if (JsonToPSObject.TryParse(call.ArgumentsJson, out var arguments)) call.Arguments = arguments;
            }
            if (_settings.ParseData && status == "completed" && !string.IsNullOrWhiteSpace(result.Content))
            {
                if (JsonToPSObject.TryParse(result.Content, out var data)) result.Data = data;
                else _cmdlet.WriteError(ErrorRecordFactory.Create(VivgridErrorId.MalformedResponse, VivgridErrorKind.InvalidData,
                    "The model's answer is not valid JSON, so .Data is empty; the text is in .Content.",
                    "Raise -MaxOutputTokens if the answer was cut off (FinishReason 'length'), or retry.", state.Item.Source));
            }
            _ledger.Append(state, result, status);
            return result;
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

        private void WarnAboutFinish(VivgridPS.ChatResult result)
        {
            if (result.FinishReason == "length")
            {
                _cmdlet.WriteWarning($"The answer stopped at the output token limit ({result.OutputTokens} tokens); raise -MaxOutputTokens or -MaxCost for a complete answer.");
            }
            else if (result.FinishReason == "content_filter")
            {
                _cmdlet.WriteWarning("The service's content filter stopped the answer.");
            }
        }

        /// <summary>A model the service does not know: name the closest catalog ids (the catalog may be stale).</summary>
        private VivgridException AddSuggestions(VivgridException e, CallState state)
        {
            if (e.ErrorId != VivgridErrorId.ModelNotFound || state.Request.Model is null) return e;
            var closest = _settings.Catalog.SuggestClosest(state.Request.Model);
            if (closest.Count == 0) return e;
            return new VivgridException(e.ErrorId, e.Kind, e.Message + " Closest catalog ids: " + string.Join(", ", closest) + ".",
                e.RecommendedAction, e.ApiError) { Target = state.Request.Model };
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

        internal static string SourceText(object source)
        {
            var value = source is PSObject ps ? ps.BaseObject : source;
            return value as string ?? value?.ToString() ?? string.Empty;
        }
    }
}
