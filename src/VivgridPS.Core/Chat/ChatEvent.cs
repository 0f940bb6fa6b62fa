using System;
using System.Collections.Generic;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// What the core reports while a call runs. Plain data, so the cmdlet writes everything from the pipeline
    /// thread and the core needs no PowerShell types (STYLE: "a core that returns plain events"). One attempt
    /// (<see cref="ChatRunner"/>) ends with its <see cref="Completion"/> and timings; a work item
    /// (<see cref="ChatConversation"/>) ends with <see cref="Result"/> and its ledger line.
    /// </summary>
    public sealed class ChatEvent
    {
        private ChatEvent(ChatEventKind kind)
        {
            Kind = kind;
        }

        public ChatEventKind Kind { get; }
        public string? Text { get; private set; }
        public RetryNotice? Retry { get; private set; }
        /// <summary>
        /// One attempt's parsed answer (events of <see cref="ChatRunner"/>): whole when Completed, what had arrived
        /// when Interrupted.
        /// </summary>
        public ChatCompletion? Completion { get; private set; }
        /// <summary>With <see cref="Completion"/>: how long the attempt took, retries and waits included.</summary>
        public TimeSpan Duration { get; private set; }
        public TimeSpan? TimeToFirstToken { get; private set; }
        public int Retries { get; private set; }
        /// <summary>The user-facing result of a work item, all tool rounds summed (events of <see cref="ChatConversation"/>).</summary>
        public VivgridPS.ChatResult? Result { get; private set; }
        /// <summary>The ledger line of the round this event ends; write the one <see cref="TakeUsage"/> hands out.</summary>
        public VivgridPS.UsageRecord? Usage { get; private set; }
        public Exception? Failure { get; private set; }
        /// <summary>Something the user should know about a completed result (e.g. -MaxToolRounds was reached).</summary>
        public string? Warning { get; private set; }
        public IReadOnlyList<VivgridPS.ToolCall> ToolCalls { get; private set; } = Array.Empty<VivgridPS.ToolCall>();
        /// <summary>Where the pipeline thread gives the tool outputs, one per call in <see cref="ToolCalls"/> order.</summary>
        public PendingAnswer<IReadOnlyList<string>>? ToolAnswer { get; private set; }
        /// <summary>The next round's request and its preflight, for ShouldProcess (<see cref="ChatEventKind.ConfirmRound"/>).</summary>
        public ChatRequest? NextRequest { get; private set; }
        public ChatPreflight? NextPreflight { get; private set; }
        public PendingAnswer<bool>? Confirmation { get; private set; }
        internal ConversationRound? Round { get; private set; }

        /// <summary>
        /// The round's ledger line, the first time it is asked for; null after that or after
        /// <see cref="ChatConversation.Stop"/> wrote it. Call it from the thread that takes the events.
        /// </summary>
        public VivgridPS.UsageRecord? TakeUsage()
        {
            if (Usage is null || Round is null || Round.Claimed) return null;
            Round.Claimed = true;
            return Usage;
        }

        public static ChatEvent Delta(string text) => new ChatEvent(ChatEventKind.Delta) { Text = text };
        public static ChatEvent Retrying(RetryNotice notice) => new ChatEvent(ChatEventKind.Retry) { Text = notice.ToString(), Retry = notice };
        /// <summary>The process's rate-limit gate paused or held this call (for -Verbose).</summary>
        public static ChatEvent Throttled(string notice) => new ChatEvent(ChatEventKind.Throttled) { Text = notice };
        public static ChatEvent Debug(string text) => new ChatEvent(ChatEventKind.Debug) { Text = text };
        public static ChatEvent Completed(ChatCompletion completion, TimeSpan duration, TimeSpan? timeToFirstToken, int retries) =>
            new ChatEvent(ChatEventKind.Completed) { Completion = completion, Duration = duration, TimeToFirstToken = timeToFirstToken, Retries = retries };

        public static ChatEvent Interrupted(ChatCompletion partial, TimeSpan duration, TimeSpan? timeToFirstToken, int retries,
            VivgridException failure) =>
            new ChatEvent(ChatEventKind.Interrupted)
            {
                Completion = partial, Duration = duration, TimeToFirstToken = timeToFirstToken, Retries = retries, Failure = failure,
            };

        internal static ChatEvent Failed(Exception failure, ConversationRound? round = null) =>
            new ChatEvent(ChatEventKind.Failed) { Failure = failure, Usage = round?.Usage, Round = round };

        internal static ChatEvent Finished(ChatEventKind kind, VivgridPS.ChatResult result, ConversationRound round,
            Exception? failure = null, string? warning = null) =>
            new ChatEvent(kind) { Result = result, Usage = round.Usage, Round = round, Failure = failure, Warning = warning };

        internal static ChatEvent ToolsRequested(VivgridPS.ChatResult result, ConversationRound round,
            PendingAnswer<IReadOnlyList<string>> answer) =>
            new ChatEvent(ChatEventKind.ToolCallsRequested) { Result = result, Usage = round.Usage, Round = round, ToolCalls = result.ToolCalls, ToolAnswer = answer };

        internal static ChatEvent Confirm(ChatRequest next, ChatPreflight preflight, PendingAnswer<bool> answer) =>
            new ChatEvent(ChatEventKind.ConfirmRound) { NextRequest = next, NextPreflight = preflight, Confirmation = answer };
    }
}
