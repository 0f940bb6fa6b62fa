namespace VivgridPS.Core.Chat
{
    /// <summary>One work item, ready to send: its first request (preflight done), and what the ledger says it answers.</summary>
    /// <param name="Request">The first request.</param>
    /// <param name="Preflight">Its preflight (endpoint, counted tokens, budget cap).</param>
    /// <param name="Options">Model and options without messages (before any budget cap), the base of every later tool round.</param>
    public sealed record ChatWork(ChatRequest Request, ChatPreflight Preflight, ChatRequest Options)
    {
        /// <summary>The input item the result answers (file path or input object); null for the collected request.</summary>
        public object? Source { get; init; }
        /// <summary><see cref="Source"/> as the ledger writes it.</summary>
        public string? SourceText { get; init; }
        /// <summary>The user text, kept in the ledger with -LogContent.</summary>
        public string? PromptText { get; init; }
        /// <summary>The -Chunk run this request belongs to (the ledger's <c>run</c> field); null outside a run.</summary>
        public string? RunId { get; init; }
    }
}
