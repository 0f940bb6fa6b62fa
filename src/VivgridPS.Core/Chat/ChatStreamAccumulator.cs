using System;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Folds Chat Completions stream chunks (data: {chat.completion.chunk}, then data: [DONE]) into a
    /// <see cref="ChatCompletion"/>, following the provider quirks recorded in realdata/expected.json: Azure's empty
    /// first chunk, index-less choices, reasoning under two names, usage on the finish chunk or an error chunk, and
    /// OpenRouter errors inside an HTTP 200 stream.
    /// </summary>
    public sealed class ChatStreamAccumulator : IStreamAccumulator
    {
        private readonly CompletionState _state = new CompletionState();
        private readonly ChatChunk _chunk = new ChatChunk();

        public bool IsTerminal { get; private set; }

        public ChatCompletion Current => _state.Snapshot();

        public string? Apply(string eventType, ReadOnlySpan<byte> data)
        {
            ChatCompletion result = _state.Result;
            result.EventCount++;
            if (IsDoneMarker(data))
            {
                result.Done = true;
                IsTerminal = true;
                return null;
            }

            try
            {
                _chunk.Parse(data, result);
            }
            catch (Exception ex) when (MalformedEvent.IsParseFailure(ex))
            {
                MalformedEvent.Record(result, ex);
                return null;
            }

            return _chunk.CommitTo(_state);
        }

        /// <summary>[DONE] is a terminator, not JSON; tolerate stray spaces around it (MemoryExtensions.Trim is not on netstandard2.0).</summary>
        private static bool IsDoneMarker(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0 && data[0] == (byte)' ') data = data.Slice(1);
            while (data.Length > 0 && data[data.Length - 1] == (byte)' ') data = data.Slice(0, data.Length - 1);
            return data.SequenceEqual("[DONE]"u8);
        }
    }
}
