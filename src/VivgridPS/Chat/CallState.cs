using VivgridPS.Core.Chat;

namespace VivgridPS.Chat
{
    /// <summary>What the output side knows about one queued work item: its input, its conversation, its progress bar.</summary>
    internal sealed class CallState
    {
        public CallState(ChatWorkItem item, ChatRequest request, ChatConversation conversation)
        {
            Item = item;
            Request = request;
            Conversation = conversation;
        }

        public ChatWorkItem Item { get; }
        public ChatRequest Request { get; }
        public ChatConversation Conversation { get; }
        /// <summary>Deltas seen so far, for the progress bar of non-streamed calls.</summary>
        public int DeltaCount { get; set; }
        public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();
        public long LastProgressTicks { get; set; }
        public bool ProgressShown { get; set; }
        /// <summary>What errors about this item point at: the input item, else the model.</summary>
        public object? Target => Item.Source ?? Request.Model;
    }
}
