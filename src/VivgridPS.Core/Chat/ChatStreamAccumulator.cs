using System;
using VivgridPS.Core.Http;

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
        private readonly int _maxAnswerChars;

        private readonly MalformedEvent.Parser _parse;

        public ChatStreamAccumulator(int maxAnswerChars = ResponseLimits.DefaultMaxAnswerChars)
        {
            _maxAnswerChars = maxAnswerChars;
            _parse = json => _chunk.Parse(json, _state.Result); // made once: a lambda per event would allocate per event
        }

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

            if (!MalformedEvent.TryParse(data, result, _parse)) return null;
            string? delta = _chunk.CommitTo(_state);
            AnswerCap.Check(_state, _maxAnswerChars);
            return delta;
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
