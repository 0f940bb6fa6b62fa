using VivgridPS.Core.Chat;

namespace VivgridPS.Chat
{
    /// <summary>What the output side knows about one queued work item: its input, its conversation, its progress bar.</summary>
    internal sealed class CallState(ChatWorkItem item, ChatRequest request, ChatConversation conversation)
    {
        public ChatWorkItem Item => item;
        public ChatRequest Request => request;
        public ChatConversation Conversation => conversation;
        /// <summary>Deltas seen so far, for the progress bar of non-streamed calls.</summary>
        public int DeltaCount { get; set; }
        public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();
        public long LastProgressTicks { get; set; }
        public bool ProgressShown { get; set; }
        /// <summary>What errors about this item point at: the input item, else the model.</summary>
        public object? Target => Item.Source ?? Request.Model;
        /// <summary>The -Chunk request this call is (null outside a run): only the run's final answer is written as a result.</summary>
        public Core.Chunking.ChunkStep? Step { get; init; }
    }
}
