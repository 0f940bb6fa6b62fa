using System;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>Parses a non-streamed Chat Completions body (choices[0].message, usage, error).</summary>
    public static class ChatCompletionParser
    {
        /// <exception cref="VivgridException">MalformedResponse/ProtocolError when the body is not a JSON object, has no choices, or has invalid usage.</exception>
        public static ChatCompletion Parse(ReadOnlySpan<byte> json)
        {
            var state = new CompletionState();
            var chunk = new ChatChunk();
            MalformedBody.Parse(json, "chat completion", body => chunk.Parse(body, state.Result));
            // {} or {"object":"list"} from a misconfigured gateway would otherwise be an empty "success".
            if (!chunk.SawChoice && !chunk.SawError) throw MalformedBody.NotA(json, "chat completion", "it has no choices");

            chunk.CommitTo(state);
            ChatCompletion result = state.Snapshot();
            // A body is complete by definition: it arrived whole or the HTTP layer failed.
            result.Done = true;
            result.EventCount = 1;
            return result;
        }
    }
}
