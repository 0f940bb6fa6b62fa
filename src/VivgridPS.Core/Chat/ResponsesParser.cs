using System;
using System.Text.Json;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>Parses a non-streamed Responses API body (output items, status, usage).</summary>
    public static class ResponsesParser
    {
        /// <exception cref="VivgridException">MalformedResponse/ProtocolError when the body is not a JSON object.</exception>
        public static ChatCompletion Parse(ReadOnlySpan<byte> json)
        {
            ResponseObject response = null!;
            MalformedBody.Parse(json, "responses", body =>
            {
                var reader = new Utf8JsonReader(body);
                JsonReading.StartRootObject(ref reader);
                response = ResponseObject.Read(ref reader, includeOutput: true);
                if (reader.Read()) throw new JsonException("Unexpected data after the JSON object.");
            });
            if (response.Status is null && !response.HasOutput && response.Error is null)
            {
                throw MalformedBody.NotA(json, "Responses API response", "it has neither status nor output");
            }

            var state = new CompletionState();
            ChatCompletion result = state.Result;
            response.ApplyTo(result);
            foreach (ResponseOutputItem item in response.Output) AddItem(state, item);
            result.StreamError = response.Error;
            result.FinishReason = ResponseObject.FinishReasonFor(response.Status, response.IncompleteReason, state.Tools.Count > 0);
            result.Done = true;
            result.EventCount = 1;
            return state.Snapshot();
        }

        private static void AddItem(CompletionState state, ResponseOutputItem item)
        {
            if (item.IsFunctionCall)
            {
                ToolCallBuilder tool = state.AddTool(state.Tools.Count);
                tool.ItemId = item.ItemId;
                tool.OfferId(item.CallId);
                tool.OfferName(item.Name);
                tool.SetFinalArguments(item.Arguments ?? string.Empty);
                return;
            }

            // One output_text item is one "delta" here, so ContentDeltaCount counts text parts for bodies.
            if (!string.IsNullOrEmpty(item.Text)) state.AppendContent(item.Text!);
            if (!string.IsNullOrEmpty(item.Refusal)) state.AppendRefusal(item.Refusal!);
            if (!string.IsNullOrEmpty(item.Summary)) state.AppendReasoning(item.Summary!);
        }
    }
}
