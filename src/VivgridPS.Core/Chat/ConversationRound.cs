using System.Diagnostics;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// One request of a work item and its ledger line. The line is written exactly once: by the pipeline thread when
    /// it takes the event that ends the round, or, after Ctrl+C, by <see cref="ChatConversation.Stop"/>.
    /// </summary>
    internal sealed class ConversationRound(ChatRequest request, ChatPreflight preflight, ChatRunner runner)
    {
        public ChatRequest Request => request;
        public ChatPreflight Preflight => preflight;
        public ChatRunner Runner => runner;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        /// <summary>The round's result once the worker finished it (set under the conversation's lock).</summary>
        public VivgridPS.ChatResult? Result { get; set; }
        public VivgridPS.UsageRecord? Usage { get; set; }
        /// <summary>The ledger line was handed out (pipeline thread only).</summary>
        public bool Claimed { get; set; }
    }
}
