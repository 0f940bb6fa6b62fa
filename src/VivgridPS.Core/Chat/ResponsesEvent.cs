using System;
using System.Text.Json;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// The facts of one Responses stream event. Like <see cref="ChatChunk"/>, it is filled completely before anything
    /// is applied, so a malformed event leaves no trace; one instance is reused across a stream.
    /// </summary>
    internal sealed class ResponsesEvent
    {
        public ResponsesEventKind Kind { get; private set; }
        public string? Delta { get; private set; }
        public string? Text { get; private set; }
        public string? ItemId { get; private set; }
        public ResponseOutputItem? Item { get; private set; }
        public ResponseObject? Response { get; private set; }
        public ApiError? Error { get; private set; }

        public bool IsTerminal => Kind == ResponsesEventKind.Completed || Kind == ResponsesEventKind.Incomplete
                                  || Kind == ResponsesEventKind.Failed;

        /// <summary>The SSE event name decides the kind; without one ("message"), the JSON `type` field does.</summary>
        public void Parse(string eventType, ReadOnlySpan<byte> json)
        {
            Kind = string.IsNullOrEmpty(eventType) || eventType == "message" ? ResponsesEventKind.Unknown : KindOf(eventType);
            Delta = Text = ItemId = null;
            Item = null;
            Response = null;
            Error = null;
            ApiError? flatError = null;

            var reader = new Utf8JsonReader(json);
            JsonReading.StartRootObject(ref reader);
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8)) ReadType(ref reader);
                else if (reader.ValueTextEquals("delta"u8)) Delta = Wants(DeltaKinds) ? JsonReading.ReadString(ref reader) : Skip(ref reader);
                else if (reader.ValueTextEquals("text"u8)) Text = Wants(ResponsesEventKind.OutputTextDone) ? JsonReading.ReadString(ref reader) : Skip(ref reader);
                else if (reader.ValueTextEquals("item_id"u8)) ItemId = Wants(ResponsesEventKind.FunctionCallArgumentsDelta) ? JsonReading.ReadString(ref reader) : Skip(ref reader);
                else if (reader.ValueTextEquals("item"u8)) Item = Wants(ItemKinds) ? ResponseOutputItem.Read(ref reader) : SkipItem(ref reader);
                else if (reader.ValueTextEquals("response"u8)) Response = Wants(ResponseKinds) ? ReadResponse(ref reader) : SkipResponse(ref reader);
                else if (reader.ValueTextEquals("error"u8)) Error = ApiErrorParser.ReadErrorMember(ref reader);
                else if (Kind is ResponsesEventKind.Error or ResponsesEventKind.Unknown) ReadFlatErrorField(ref reader, ref flatError);
                else reader.Skip();
            }

            if (reader.Read()) throw new JsonException("Unexpected data after the JSON object.");
            // The documented error event is flat ({type:"error", code, message, param}); the recorded one nests it.
            Error ??= flatError;
            if (Kind == ResponsesEventKind.Unknown) Kind = ResponsesEventKind.Other;
        }

        private static readonly ResponsesEventKind[] DeltaKinds =
        {
            ResponsesEventKind.OutputTextDelta, ResponsesEventKind.RefusalDelta, ResponsesEventKind.ReasoningDelta,
            ResponsesEventKind.FunctionCallArgumentsDelta,
        };

        private static readonly ResponsesEventKind[] ItemKinds = { ResponsesEventKind.OutputItemAdded, ResponsesEventKind.OutputItemDone };

        private static readonly ResponsesEventKind[] ResponseKinds =
        {
            ResponsesEventKind.Created, ResponsesEventKind.InProgress, ResponsesEventKind.Completed,
            ResponsesEventKind.Incomplete, ResponsesEventKind.Failed,
        };

        /// <summary>A field is worth reading when the kind needs it, or the kind is not known yet (type comes later).</summary>
        private bool Wants(ResponsesEventKind kind) => Kind == kind || Kind == ResponsesEventKind.Unknown;

        private bool Wants(ResponsesEventKind[] kinds) => Kind == ResponsesEventKind.Unknown || Array.IndexOf(kinds, Kind) >= 0;

        private void ReadType(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw new JsonException("Unexpected end of JSON.");
            if (Kind == ResponsesEventKind.Unknown && reader.TokenType == JsonTokenType.String) Kind = KindOf(ref reader);
            else reader.Skip();
        }

        private static ResponseObject? ReadResponse(ref Utf8JsonReader reader)
            => JsonReading.EnterObject(ref reader) ? ResponseObject.Read(ref reader, includeOutput: false) : null;

        private static void ReadFlatErrorField(ref Utf8JsonReader reader, ref ApiError? error)
        {
            if (reader.ValueTextEquals("message"u8)) (error ??= new ApiError()).Message = JsonReading.ReadScalarAsText(ref reader);
            else if (reader.ValueTextEquals("code"u8)) (error ??= new ApiError()).Code = JsonReading.ReadScalarAsText(ref reader);
            else if (reader.ValueTextEquals("param"u8)) (error ??= new ApiError()).Param = JsonReading.ReadScalarAsText(ref reader);
            else reader.Skip();
        }

        private static string? Skip(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private static ResponseOutputItem? SkipItem(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private static ResponseObject? SkipResponse(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private static ResponsesEventKind KindOf(string name) => name switch
        {
            "response.created" => ResponsesEventKind.Created,
            "response.in_progress" => ResponsesEventKind.InProgress,
            "response.output_text.delta" => ResponsesEventKind.OutputTextDelta,
            "response.output_text.done" => ResponsesEventKind.OutputTextDone,
            "response.refusal.delta" => ResponsesEventKind.RefusalDelta,
            "response.reasoning_summary_text.delta" => ResponsesEventKind.ReasoningDelta,
            "response.reasoning_text.delta" => ResponsesEventKind.ReasoningDelta,
            "response.output_item.added" => ResponsesEventKind.OutputItemAdded,
            "response.output_item.done" => ResponsesEventKind.OutputItemDone,
            "response.function_call_arguments.delta" => ResponsesEventKind.FunctionCallArgumentsDelta,
            "response.completed" => ResponsesEventKind.Completed,
            "response.incomplete" => ResponsesEventKind.Incomplete,
            "response.failed" => ResponsesEventKind.Failed,
            "error" => ResponsesEventKind.Error,
            _ => ResponsesEventKind.Other,
        };

        /// <summary>The same mapping straight from the UTF-8 token, so the type field costs no string.</summary>
        private static ResponsesEventKind KindOf(ref Utf8JsonReader reader)
        {
            if (reader.ValueTextEquals("response.output_text.delta"u8)) return ResponsesEventKind.OutputTextDelta;
            if (reader.ValueTextEquals("response.function_call_arguments.delta"u8)) return ResponsesEventKind.FunctionCallArgumentsDelta;
            if (reader.ValueTextEquals("response.reasoning_summary_text.delta"u8)) return ResponsesEventKind.ReasoningDelta;
            if (reader.ValueTextEquals("response.reasoning_text.delta"u8)) return ResponsesEventKind.ReasoningDelta;
            if (reader.ValueTextEquals("response.refusal.delta"u8)) return ResponsesEventKind.RefusalDelta;
            if (reader.ValueTextEquals("response.output_text.done"u8)) return ResponsesEventKind.OutputTextDone;
            if (reader.ValueTextEquals("response.output_item.added"u8)) return ResponsesEventKind.OutputItemAdded;
            if (reader.ValueTextEquals("response.output_item.done"u8)) return ResponsesEventKind.OutputItemDone;
            if (reader.ValueTextEquals("response.created"u8)) return ResponsesEventKind.Created;
            if (reader.ValueTextEquals("response.in_progress"u8)) return ResponsesEventKind.InProgress;
            if (reader.ValueTextEquals("response.completed"u8)) return ResponsesEventKind.Completed;
            if (reader.ValueTextEquals("response.incomplete"u8)) return ResponsesEventKind.Incomplete;
            if (reader.ValueTextEquals("response.failed"u8)) return ResponsesEventKind.Failed;
            if (reader.ValueTextEquals("error"u8)) return ResponsesEventKind.Error;
            return ResponsesEventKind.Other;
        }
    }
}
