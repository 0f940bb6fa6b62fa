using System;

namespace VivgridPS
{
    /// <summary>
    /// One completed (or interrupted) chat call: flat, so it composes with Select-Object and Export-Csv.
    /// Lives in the core so the core can build it; the cmdlet layer only fills <see cref="Data"/> with a PSObject.
    /// </summary>
    public sealed class ChatResult
    {
        public string Content { get; set; } = string.Empty;
        /// <summary>Parsed structured output (-JsonSchema/-AsJson); a PSCustomObject when set by the cmdlet.</summary>
        public object? Data { get; set; }
        public ToolCall[] ToolCalls { get; set; } = Array.Empty<ToolCall>();
        public string? Model { get; set; }
        public string? RequestedModel { get; set; }
        /// <summary>stop, length, tool_calls, content_filter, or interrupted.</summary>
        public string? FinishReason { get; set; }
        public long InputTokens { get; set; }
        public long CachedInputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        public long TotalTokens { get; set; }
        /// <summary>USD, from the catalog price of the model that answered; null when the model has no known price.</summary>
        public decimal? CostUsd { get; set; }
        /// <summary>
        /// True when the tokens and cost were counted locally because the service reported no usage (an interrupted
        /// call, or an answer without usage): the input is counted exactly, the output from the text received.
        /// </summary>
        public bool IsEstimate { get; set; }
        public TimeSpan Duration { get; set; }
        public TimeSpan? TimeToFirstToken { get; set; }
        /// <summary>The input item this result answers (file path or the input object), for per-item requests.</summary>
        public object? Source { get; set; }
        /// <summary>The whole conversation including this answer, ready for -Messages.</summary>
        public ChatMessage[] Messages { get; set; } = Array.Empty<ChatMessage>();
        public string? Id { get; set; }
        public DateTimeOffset? Created { get; set; }
        /// <summary>Refusal text when the model refused (OpenAI puts it beside content).</summary>
        public string? Refusal { get; set; }
        /// <summary>Reasoning text some providers stream (reasoning_content); not part of Content.</summary>
        public string? Reasoning { get; set; }
        /// <summary>Tools Vivgrid ran on its own servers (-WireFormat Vivgrid only); empty otherwise.</summary>
        public ServerToolCall[] ServerToolCalls { get; set; } = Array.Empty<ServerToolCall>();
        public string? Tag { get; set; }
        /// <summary>-Chunk: how many chunks the input was split into (0 without -Chunk).</summary>
        public int ChunkCount { get; set; }
        /// <summary>-Chunk: the partial results (one per chunk, in input order, then any intermediate combining steps); their tokens and cost are in this result's totals.</summary>
        public ChatResult[] Parts { get; set; } = Array.Empty<ChatResult>();
        /// <summary>-Chunk: the run id, the same as the <c>run</c> field of each of the run's ledger lines.</summary>
        public string? RunId { get; set; }

        public override string ToString() => Content;
    }
}
