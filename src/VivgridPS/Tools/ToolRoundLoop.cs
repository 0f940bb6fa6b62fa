using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using VivgridPS.Chat;
using VivgridPS.Commands;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Errors;

namespace VivgridPS.Tools
{
    /// <summary>
    /// -InvokeTool: when an answer asks for tools, runs them (on the pipeline thread), sends the results back as
    /// the next request of the same work item, and repeats until the model answers or -MaxToolRounds is reached.
    /// The next round runs right here, before the output writer moves on, so results keep their input order.
    /// </summary>
    internal sealed class ToolRoundLoop
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
        private readonly InvokeVivgridChatCommand _cmdlet;
        private readonly ChatSettings _settings;
        private readonly ToolOptions _options;
        private readonly ChatOutputWriter _output;
        private readonly CancellationToken _cancellation;
        private readonly ToolInvoker _invoker;
        private readonly Dictionary<CallState, ToolConversation> _conversations = new Dictionary<CallState, ToolConversation>();

        public ToolRoundLoop(InvokeVivgridChatCommand cmdlet, ChatSettings settings, ToolOptions options, ChatOutputWriter output, CancellationToken cancellation)
        {
            _cmdlet = cmdlet;
            _settings = settings;
            _options = options;
            _output = output;
            _cancellation = cancellation;
            _invoker = new ToolInvoker(cmdlet, options.Tools);
        }

        /// <summary>
        /// True when <paramref name="result"/> asked for tools and the conversation went on: the later rounds
        /// wrote the final result. False when <paramref name="result"/> is the one to write.
        /// </summary>
        public bool TryContinue(CallState state, VivgridPS.ChatResult result)
        {
            if (!AsksForTools(result)) return false;
            _conversations.TryGetValue(state, out var conversation);
            var rounds = conversation?.Rounds ?? 0;
            if (rounds >= _options.MaxRounds)
            {
                _cmdlet.WriteWarning($"The model still asks for tools after {rounds} tool round(s) (-MaxToolRounds {_options.MaxRounds}); " +
                                     "its last tool calls were not run and the result has FinishReason 'tool_calls'. Raise -MaxToolRounds or narrow the question.");
                return false;
            }
            var next = NextRequest(result);
            var preflight = Preflight(state, next, conversation, result);
            if (preflight is null) return false;
            if (!WhatIfText.ShouldSend(_cmdlet, _settings, next, preflight))
            {
                return false;
            }
            conversation ??= new ToolConversation(result);
            if (rounds > 0) conversation.Add(result);
            var nextState = new CallState(state.Item, next, preflight);
            _conversations.Remove(state);
            _conversations[nextState] = conversation;
            Run(nextState);
            _conversations.Remove(nextState);
            return true;
        }

        /// <summary>The final result of a conversation gets the usage of all its rounds.</summary>
        public VivgridPS.ChatResult Combine(CallState state, VivgridPS.ChatResult result) =>
            _conversations.TryGetValue(state, out var conversation) ? conversation.Combine(result) : result;

        private static bool AsksForTools(VivgridPS.ChatResult result) =>
            result.ToolCalls.Length > 0 && result.FinishReason != "length" && result.FinishReason != "content_filter"
                                        && result.FinishReason != "interrupted";

        /// <summary>The conversation so far, the assistant's tool calls, and one role=tool message per call.</summary>
        private ChatRequest NextRequest(VivgridPS.ChatResult result)
        {
            var next = _settings.Request.Create(new ChatWorkItem());
            next.Messages.Clear();
            next.Messages.AddRange(result.Messages);
            // -ToolChoice required/<name> forces a call; kept on later rounds it would never let the model answer.
            if (next.ToolChoice != "auto" && next.ToolChoice != "none") next.ToolChoice = "auto";
            foreach (var call in result.ToolCalls)
            {
                var outcome = _invoker.Invoke(call);
                _cmdlet.WriteVerbose($"Tool {call.Name} ({call.Id}) {(outcome.Ran ? "ran" : "did not run")}; {outcome.Content.Length:N0} characters go back to the model.");
                next.Messages.Add(new VivgridPS.ChatMessage("tool", outcome.Content) { ToolCallId = call.Id });
            }
            return next;
        }

        /// <summary>-MaxCost covers the whole conversation: later rounds get what the earlier ones left.</summary>
        private ChatPreflight? Preflight(CallState state, ChatRequest next, ToolConversation? conversation, VivgridPS.ChatResult result)
        {
            try
            {
                decimal? budget = null;
                if (_settings.MaxCost is { } maxCost)
                {
                    var spent = (conversation?.CostSoFar ?? 0m) + (result.CostUsd ?? 0m);
                    budget = Math.Max(0m, maxCost - spent);
                }
                return ChatPreflight.Run(next, _settings.Catalog, budget, _settings.DescribeRequests);
            }
            catch (VivgridException e)
            {
                _cmdlet.WriteError(ErrorRecordFactory.Create(e, state.Item.Source ?? next.Model));
                return null;
            }
        }

        private void Run(CallState state)
        {
            using var queue = new OrderedCallQueue(1);
            using var link = _cancellation.Register(queue.Cancel);
            var call = queue.Enqueue(state, new ChatRunner(_settings.Transport, _settings.CallOptions), state.Request);
            while (true)
            {
                ChatEvent? next;
                bool taken;
                try
                {
                    taken = call.TryTake(out next, PollInterval, queue.Token);
                }
                catch (OperationCanceledException)
                {
                    _output.RecordInterrupted(state, call.Runner.Partial);
                    throw new PipelineStoppedException();
                }
                if (taken)
                {
                    _output.Handle(state, next!);
                    continue;
                }
                if (call.IsDrained)
                {
                    _output.Finish(state, call.Failure);
                    return;
                }
                _output.ShowProgress(state);
            }
        }
    }
}
