using System;
using System.Management.Automation;
using VivgridPS.Commands;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Errors;

namespace VivgridPS.Chat
{
    /// <summary>
    /// One Invoke-VivgridChat pipeline: turns input into requests (pipeline rules), runs them through the
    /// ordered queue, and writes what comes back from the pipeline thread. The cmdlet class only binds.
    /// </summary>
    internal sealed class ChatSession : IDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
        private readonly InvokeVivgridChatCommand _cmdlet;
        private readonly ChatSettings _settings;
        private readonly ChatInputCollector _collector;
        private readonly OrderedCallQueue _queue;
        private readonly ChatOutputWriter _output;

        private ChatSession(InvokeVivgridChatCommand cmdlet, ChatSettings settings)
        {
            _cmdlet = cmdlet;
            _settings = settings;
            _collector = new ChatInputCollector(cmdlet.Prompt, cmdlet.Each);
            // Without -Stream the pipeline thread only counts deltas for the progress bar: let the calls count them.
            _queue = new OrderedCallQueue(cmdlet.ThrottleLimit, deliverDeltas: settings.Stream);
            _output = new ChatOutputWriter(cmdlet, settings, _queue.Token);
        }

        public static ChatSession Start(InvokeVivgridChatCommand cmdlet) => new ChatSession(cmdlet, ChatSettings.From(cmdlet));

        public void AddInput(PSObject input)
        {
            try
            {
                var item = _collector.Add(input);
                if (item != null) Submit(item);
            }
            catch (VivgridException e)
            {
                _cmdlet.WriteError(ErrorRecordFactory.Create(e, input));
            }
            // Keep at most ThrottleLimit calls in flight; with -ThrottleLimit 1 this finishes the item now, so
            // its output reaches the next command before the next input is read.
            Drain(untilCount: _queue.ThrottleLimit - 1);
        }

        public void Finish()
        {
            var collected = _collector.TakeCollected();
            if (collected != null) Submit(collected);
            else if (_collector.ItemsSeen == 0) SubmitWithoutInput();
            Drain(untilCount: 0);
        }

        /// <summary>
        /// No input, no request: a command that sits behind a pipeline which delivered nothing (an empty folder, an
        /// empty file, @(), $null) sends nothing, since a request holding only the instruction would get an invented
        /// answer, paid for. Only a command with no upstream at all sends -Prompt by itself.
        /// </summary>
        private void SubmitWithoutInput()
        {
            if (_cmdlet.MyInvocation.ExpectingInput)
            {
                _cmdlet.WriteWarning("No input arrived from the pipeline, so nothing was sent (no request, no cost).");
                return;
            }
            if (_collector.HasTemplate)
            {
                var error = new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    "The prompt has {{placeholders}} but no input was piped in to fill them, so nothing was sent.",
                    "Pipe objects whose properties the placeholders name (for example Import-Csv tickets.csv | Invoke-VivgridChat -Prompt 'Classify: {{Subject}}').");
                _cmdlet.WriteError(ErrorRecordFactory.Create(error, _cmdlet.Prompt));
                return;
            }
            // A whitespace-only prompt is no question: refused below like an empty one (unless -Messages asks).
            var prompt = string.IsNullOrWhiteSpace(_cmdlet.Prompt) ? null : _cmdlet.Prompt;
            Submit(new ChatWorkItem { Instruction = prompt });
        }

        public void Cancel() => _queue.Cancel();

        public void Dispose() => _queue.Dispose();

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
                var preflight = ChatPreflight.Run(request, _settings.Catalog, _settings.MaxCost, _settings.DescribeRequests);
                if (!WhatIfText.ShouldSend(_cmdlet, _settings, request, preflight))
                {
                    return;
                }
                _settings.Connection.EnsureUsable();
                var runner = new ChatRunner(_settings.Transport, _settings.CallOptions);
                _queue.Enqueue(new CallState(item, request, preflight), runner, request);
            }
            catch (VivgridException e)
            {
                _cmdlet.WriteError(ErrorRecordFactory.Create(e, item.Source ?? request.Model));
            }
        }

        /// <summary>Writes events of the head calls, in order, until at most <paramref name="untilCount"/> remain.</summary>
        private void Drain(int untilCount)
        {
            while (_queue.Head is { } head)
            {
                var block = _queue.Count > untilCount;
                ChatEvent? next;
                bool taken;
                try
                {
                    taken = head.TryTake(out next, block ? PollInterval : TimeSpan.Zero, _queue.Token);
                }
                catch (OperationCanceledException)
                {
                    StopAll();
                    throw new PipelineStoppedException();
                }
                var state = (CallState)head.State!;
                if (taken)
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

        /// <summary>Ctrl+C: what had arrived stays; each unfinished call is recorded as interrupted.</summary>
        private void StopAll()
        {
            while (_queue.Count > 0)
            {
                var call = _queue.Dequeue();
                _output.RecordInterrupted((CallState)call.State!, call.Runner.Partial);
            }
        }
    }
}
