using System;
using System.Collections.Generic;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// The parsed outcome of one Chat Completions or Responses call, streamed or not, before it becomes a
    /// user-facing ChatResult. Fields are the wire facts; nothing here is priced or counted locally.
    /// </summary>
    public sealed class ChatCompletion
    {
        /// <summary>The first non-empty id (chat) or the response id (Responses).</summary>
        public string? Id { get; set; }
        /// <summary>The model that answered, as the service reported it.</summary>
        public string? Model { get; set; }
        public DateTimeOffset? Created { get; set; }
        /// <summary>The answer text (choice 0 / output_text); empty, never null, when there was none.</summary>
        public string Content { get; set; } = string.Empty;
        public string? Refusal { get; set; }
        /// <summary>reasoning_content / reasoning (chat) or the reasoning summary text (Responses); null when none.</summary>
        public string? Reasoning { get; set; }
        /// <summary>
        /// stop, length, tool_calls, content_filter, ... as sent. For Responses it is derived from the terminal status:
        /// completed gives stop (tool_calls when the answer has function calls), incomplete gives length for
        /// max_output_tokens, content_filter for content_filter, else the reason; failed gives null.
        /// </summary>
        public string? FinishReason { get; set; }
        public TokenUsage? Usage { get; set; }
        public List<ToolCallData> ToolCalls { get; set; } = new List<ToolCallData>();
        /// <summary>Compact stream only: tools Vivgrid ran on its servers (f:/r: frames), in the order they started.</summary>
        public List<VivgridPS.ServerToolCall> ServerToolCalls { get; set; } = new List<VivgridPS.ServerToolCall>();
        /// <summary>
        /// An error reported inside the stream or body: the chat chunk's `error` member (OpenRouter sends those with
        /// HTTP 200), or the Responses `error` event; for Responses without an error event, the failed response's error.
        /// </summary>
        public ApiError? StreamError { get; set; }
        /// <summary>Responses only: the terminal response object's `error` member.</summary>
        public ApiError? ResponseError { get; set; }
        /// <summary>Responses only: completed, incomplete, failed, in_progress.</summary>
        public string? Status { get; set; }
        /// <summary>Responses only: incomplete_details.reason (max_output_tokens, content_filter).</summary>
        public string? IncompleteReason { get; set; }
        /// <summary>Responses only: concatenated `text` of response.output_text.done events (null when none came).</summary>
        public string? OutputTextDone { get; set; }
        /// <summary>True when the stream said it is over ([DONE] or a terminal Responses event); always true for bodies.</summary>
        public bool Done { get; set; }
        /// <summary>Number of events that added non-empty answer text.</summary>
        public int ContentDeltaCount { get; set; }
        /// <summary>Number of events applied (including malformed ones).</summary>
        public int EventCount { get; set; }
        /// <summary>Events whose data could not be parsed; they were skipped.</summary>
        public int MalformedEventCount { get; set; }
        /// <summary>Why the last malformed event failed to parse (parser message, no payload text).</summary>
        public string? LastMalformedError { get; set; }

        /// <summary>
        /// The stream ended before saying it was over: no [DONE]/terminal event and no finish_reason.
        /// (A stream that sent finish_reason but lost its [DONE] is complete in substance and not flagged.)
        /// </summary>
        public bool Truncated => !Done && FinishReason is null;
    }
}
