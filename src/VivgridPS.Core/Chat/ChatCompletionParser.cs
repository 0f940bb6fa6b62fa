using System;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>Parses a non-streamed Chat Completions body (choices[0].message, usage, error).</summary>
    public static class ChatCompletionParser
    {
        /// <exception cref="VivgridException">MalformedResponse/ProtocolError when the body is not a JSON object.</exception>
        public static ChatCompletion Parse(ReadOnlySpan<byte> json)
        {
            var state = new CompletionState();
            var chunk = new ChatChunk();
            try
            {
                chunk.Parse(json, state.Result);
            }
            catch (Exception ex) when (MalformedEvent.IsParseFailure(ex))
            {
                throw MalformedBody.Create(json, "chat completion", ex);
            }

            chunk.CommitTo(state);
            ChatCompletion result = state.Snapshot();
            // A body is complete by definition: it arrived whole or the HTTP layer failed.
            result.Done = true;
            result.EventCount = 1;
            return result;
        }
    }
}
