using System;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Folds server-sent events of one call into a <see cref="ChatCompletion"/>. One implementation per wire format
    /// (Chat Completions chunks, Responses events); the SSE framing is the reader's job, not the accumulator's.
    /// </summary>
    public interface IStreamAccumulator
    {
        /// <summary>
        /// Applies one event. Returns the answer text it adds (choice 0 / output_text), or null when it adds none.
        /// Never throws for bad data: a malformed event is counted on <see cref="ChatCompletion.MalformedEventCount"/>
        /// and skipped, and the caller decides whether that matters.
        /// </summary>
        string? Apply(string eventType, ReadOnlySpan<byte> data);

        /// <summary>True once the stream said it is over ([DONE], response.completed/incomplete/failed).</summary>
        bool IsTerminal { get; }

        /// <summary>Everything known so far (also valid mid-stream, for partial results).</summary>
        ChatCompletion Current { get; }
    }
}
