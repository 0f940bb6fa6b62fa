using VivgridPS.Core.Chat;

namespace VivgridPS.Chat
{
    /// <summary>What the output side needs to know about one queued call.</summary>
    internal sealed class CallState
    {
        public CallState(ChatWorkItem item, ChatRequest request, ChatPreflight preflight)
        {
            Item = item;
            Request = request;
            Preflight = preflight;
        }

        public ChatWorkItem Item { get; }
        public ChatRequest Request { get; }
        public ChatPreflight Preflight { get; }
        /// <summary>Deltas seen so far, for the progress bar of non-streamed calls.</summary>
        public int DeltaCount { get; set; }
        public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();
        public long LastProgressTicks { get; set; }
        public bool ProgressShown { get; set; }
        public bool Completed { get; set; }
    }
}
