using VivgridPS.Core.Chat;

namespace VivgridPS.Core.Chunking
{
    /// <summary>One request of a -Chunk run: a map request for one chunk, or a reduce request for parts First..Last.</summary>
    public sealed class ChunkStep
    {
        internal ChunkStep(ChunkRun run, ChatWork work, int first, int last, bool isMap, bool isFinal, int slot)
        {
            Run = run;
            Work = work;
            First = first;
            Last = last;
            IsMap = isMap;
            IsFinal = isFinal;
            Slot = slot;
        }

        public ChunkRun Run { get; }
        /// <summary>The request, preflight done, ready for a <see cref="ChatConversation"/>.</summary>
        public ChatWork Work { get; }
        /// <summary>1-based first and last part this request covers.</summary>
        public int First { get; }
        public int Last { get; }
        public bool IsMap { get; }
        /// <summary>Its answer is the run's answer (the last reduce, or the only chunk): it streams with -Stream.</summary>
        public bool IsFinal { get; }
        internal int Slot { get; }
    }
}
