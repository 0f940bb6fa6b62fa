using System;
using System.Management.Automation;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;

namespace VivgridPS.Chat
{
    /// <summary>
    /// One Invoke-VivgridChat pipeline: turns input into work items (pipeline rules), runs each as a core
    /// <see cref="ChatConversation"/> through the ordered queue, and is the one loop that hands their events, in
    /// input order, to the output writer on the pipeline thread. The cmdlet class only binds.
    /// </summary>
    internal sealed partial class ChatSession : IDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
        private readonly ChatSettings _settings;
        private readonly ChatOutputWriter _output;
        private readonly ChatInputCollector _collector;
        private readonly OrderedCallQueue _queue;
        private readonly string? _prompt;
        // The command has an upstream: a pipeline that delivers nothing must then send nothing.
        private readonly bool _expectingInput;
        // Wakes the loop on Ctrl+C; only the loop waits on it, so cancelling it costs nothing else.
        private readonly System.Threading.CancellationTokenSource _stop = new System.Threading.CancellationTokenSource();
        private bool _stopped;

        public ChatSession(ChatSettings settings, ChatOutputWriter output, string? prompt, bool each, int throttleLimit, bool expectingInput)
        {
            _settings = settings;
            _output = output;
            _prompt = prompt;
            _expectingInput = expectingInput;
            _collector = new ChatInputCollector(prompt, each);
            // Without -Stream the pipeline thread only counts deltas for the progress bar: let the calls count them.
            _queue = new OrderedCallQueue(throttleLimit, deliverDeltas: settings.Stream);
        }

        public void AddInput(PSObject input)
        {
            if (_settings.Chunking != null)
            {
                AddChunkInput(input);
                return;
            }
            try
            {
                var item = _collector.Add(input);
                if (item != null) Submit(item);
            }
            catch (VivgridException e)
            {
                _output.WriteError(e, input);
            }
            // Keep at most ThrottleLimit calls in flight; with -ThrottleLimit 1 this finishes the item now, so
            // its output reaches the next command before the next input is read.
            Drain(untilCount: _queue.ThrottleLimit - 1);
        }

        public void Finish()
        {
            if (_settings.Chunking != null)
            {
                FinishChunkInput();
                return;
            }
            var collected = _collector.TakeCollected();
            if (collected != null) Submit(collected);
            else if (_collector.ItemsSeen == 0) SubmitWithoutInput();
            Drain(untilCount: 0);
            _output.WarnNotSent();
        }

        /// <summary>
        /// No input, no request: a command that sits behind a pipeline which delivered nothing (an empty folder, an
        /// empty file, @(), $null) sends nothing, since a request holding only the instruction would get an invented
        /// answer, paid for. Only a command with no upstream at all sends -Prompt by itself.
        /// </summary>
        private void SubmitWithoutInput()
        {
            if (_expectingInput)
            {
                _output.WriteWarning("No input arrived from the pipeline, so nothing was sent (no request, no cost).");
                return;
            }
            if (_collector.HasTemplate)
            {
                var error = new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    "The prompt has {{placeholders}} but no input was piped in to fill them, so nothing was sent.",
                    "Pipe objects whose properties the placeholders name (for example Import-Csv tickets.csv | Invoke-VivgridChat -Prompt 'Classify: {{Subject}}').");
                _output.WriteError(error, _prompt);
                return;
            }
            // A whitespace-only prompt is no question: refused in Submit like an empty one (unless -Messages asks).
            Submit(new ChatWorkItem { Instruction = string.IsNullOrWhiteSpace(_prompt) ? null : _prompt });
        }

        /// <summary>StopProcessing (another thread): wakes the loop, which records what was in flight and stops.</summary>
        public void Cancel()
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            // Calls still queued here were sent, but the loop never saw the pipeline end: Ctrl+C or an error while
            // another command of the pipeline ran. Each still gets its one line.
            if (!_stopped && _queue.Count > 0) StopAll();
            // After a stop the calls are being cancelled in the background (StopAll).
            if (!_stopped) _queue.Dispose();
            _spool?.Dispose();
            _stop.Dispose();
        }

        private void Submit(ChatWorkItem item)
        {
            var request = _settings.Request.Create(item);
            try
            {
                if (!request.Messages.Exists(m => m.Role == "user" || m.Role == "tool"))
                {
                    throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                        "There is nothing to ask: the prompt is empty and no input was piped in.",
                        "Pass -Prompt 'question', pipe text in, or pass -Messages.");
                }
                var conversation = _settings.Conversation;
                var preflight = ChatPreflight.Run(request, conversation.Catalog, conversation.MaxCost, _settings.DescribeRequests);
                if (!_output.ShouldSend(request, preflight)) return;
                _settings.Connection.EnsureUsable();
                var work = new ChatWork(request, preflight, _settings.Request.Options)
                {
                    Source = item.Source,
                    // Without -LogContent no input text reaches the ledger: a string item's source is its position.
                    SourceText = conversation.LogContent && item.Source is not null ? ChatOutputWriter.SourceText(item.Source) : item.LedgerSource,
                    PromptText = conversation.LogContent ? item.UserText() : null,
                };
                var call = new ChatConversation(conversation, work);
                _queue.Enqueue(new CallState(item, request, call), call.RunAsync);
            }
            catch (VivgridException e)
            {
                _output.WriteError(e, item.Source ?? request.Model);
            }
        }

        /// <summary>
        /// The one event loop: writes events of the head calls, in order, until at most <paramref name="untilCount"/>
        /// remain. Ctrl+C (the queue token) or a stopped pipeline (a write or a tool threw PipelineStoppedException)
        /// ends it the same way: every call still in flight gets its one interrupted ledger line.
        /// </summary>
        private void Drain(int untilCount)
        {
            try
            {
                while (_queue.Head is { } head)
                {
                    var block = _queue.Count > untilCount;
                    var state = (CallState)head.State!;
                    if (head.TryTake(out var next, block ? PollInterval : TimeSpan.Zero, _stop.Token))
                    {
                        _output.Handle(state, next!);
                        continue;
                    }
                    if (head.IsDrained)
                    {
                        _queue.Dequeue();
                        _output.Finish(state, head.Failure);
                        continue;
                    }
                    if (!block) return;
                    if (!_settings.Stream) state.DeltaCount = head.DeltasCounted;
                    _output.ShowProgress(state);
                }
            }
            catch (OperationCanceledException)
            {
                StopAll();
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (e is PipelineStoppedException || e is FlowControlException)
            {
                // Ctrl+C, or a downstream Select-Object -First that has what it wanted: either way every call still
                // in flight reached the service and gets its one line.
                StopAll();
                throw;
            }
        }

        /// <summary>What had arrived stays with the user; each call in flight is recorded once, as interrupted.</summary>
        private void StopAll()
        {
            _stopped = true;
            _queue.CancelInBackground();
            while (_queue.Count > 0)
            {
                var state = (CallState)_queue.Dequeue().State!;
                _output.Record(state.Conversation.Stop(), stopping: true);
            }
        }
    }
}
