using System.Collections.Generic;
using System.Text.Json;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>A Responses `response` object (a whole body, or the one carried by created/completed/... events).</summary>
    internal sealed class ResponseObject
    {
        public string? Id { get; private set; }
        public string? Model { get; private set; }
        public long? CreatedAt { get; private set; }
        public string? Status { get; private set; }
        public ApiError? Error { get; private set; }
        public string? IncompleteReason { get; private set; }
        public TokenUsage? Usage { get; private set; }
        public List<ResponseOutputItem> Output { get; } = new List<ResponseOutputItem>();
        /// <summary>The object had an `output` array (possibly empty).</summary>
        public bool HasOutput { get; private set; }

        /// <summary>
        /// Reader on the StartObject. Streams skip `output` (its items already arrived as events, and the final copy
        /// can be large); bodies read it.
        /// </summary>
        public static ResponseObject Read(ref Utf8JsonReader reader, bool includeOutput)
        {
            var response = new ResponseObject();
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) response.Id = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("model"u8)) response.Model = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("created_at"u8)) response.CreatedAt = JsonReading.ReadLong(ref reader);
                else if (reader.ValueTextEquals("status"u8)) response.Status = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("error"u8)) response.Error = ApiErrorParser.ReadErrorMember(ref reader);
                else if (reader.ValueTextEquals("incomplete_details"u8)) response.IncompleteReason = ReadReason(ref reader);
                else if (reader.ValueTextEquals("usage"u8)) response.Usage = JsonReading.EnterObject(ref reader) ? UsageReader.ReadResponsesUsage(ref reader) : null;
                else if (includeOutput && reader.ValueTextEquals("output"u8)) response.ReadOutput(ref reader);
                else reader.Skip();
            }

            return response;
        }

        private static string? ReadReason(ref Utf8JsonReader reader)
        {
            if (!JsonReading.EnterObject(ref reader)) return null;
            string? reason = null;
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("reason"u8)) reason = JsonReading.ReadString(ref reader);
                else reader.Skip();
            }

            return reason;
        }

        private void ReadOutput(ref Utf8JsonReader reader)
        {
            if (!JsonReading.EnterArray(ref reader)) return;
            HasOutput = true;
            while (JsonReading.NextElement(ref reader))
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                ResponseOutputItem? item = ResponseOutputItem.Read(ref reader, alreadyOnStart: true);
                if (item != null) Output.Add(item);
            }
        }

        /// <summary>Writes the response-level facts (not the output) onto a completion.</summary>
        public void ApplyTo(ChatCompletion result)
        {
            if (!string.IsNullOrEmpty(Id)) result.Id = Id;
            if (!string.IsNullOrEmpty(Model)) result.Model = Model;
            result.Created ??= JsonReading.FromUnixSeconds(CreatedAt);
            if (Status != null) result.Status = Status;
            result.IncompleteReason = IncompleteReason;
            result.ResponseError = Error;
            result.Usage = Usage;
        }

        /// <summary>Chat-style finish reason from a terminal status (see <see cref="ChatCompletion.FinishReason"/>).</summary>
        public static string? FinishReasonFor(string? status, string? incompleteReason, bool hasToolCalls)
        {
            switch (status)
            {
                case "completed": return hasToolCalls ? "tool_calls" : "stop";
                case "incomplete":
                    return incompleteReason switch
                    {
                        "max_output_tokens" => "length",
                        null => "length",
                        _ => incompleteReason,
                    };
                default: return null;
            }
        }
    }
}
