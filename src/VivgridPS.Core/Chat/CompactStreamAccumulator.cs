using System;
using System.Collections.Generic;
using System.Text.Json;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Folds the frames of Vivgrid's compact stream (X-Response-Format: vivgrid, VIVGRID-API.md §2) into a
    /// <see cref="ChatCompletion"/>. The event type is the frame's prefix letter, the data what follows the colon
    /// (leading whitespace already stripped by <see cref="Streaming.CompactStreamReader"/>): c content, g reasoning,
    /// f/r server-side tool call and result, m the model that answered, u usage, p the end. Unknown prefixes are
    /// ignored as Vivgrid's own clients ignore them; a known frame with bad data is counted as malformed and skipped.
    /// </summary>
    public sealed class CompactStreamAccumulator : IStreamAccumulator
    {
        /// <summary>The service sends no finish reason in this format; a p: frame means the answer is whole.</summary>
        public const string FinishedReason = "stop";

        private readonly CompletionState _state = new CompletionState();
        private readonly List<VivgridPS.ServerToolCall> _serverTools = new List<VivgridPS.ServerToolCall>();
        private readonly int _maxAnswerChars;

        public CompactStreamAccumulator(int maxAnswerChars = ResponseLimits.DefaultMaxAnswerChars)
        {
            _maxAnswerChars = maxAnswerChars;
        }

        public bool IsTerminal { get; private set; }

        public ChatCompletion Current
        {
            get
            {
                var completion = _state.Snapshot();
                // Copies, so a snapshot handed out mid-stream does not change under its reader.
                completion.ServerToolCalls = _serverTools.ConvertAll(t => t.Copy());
                return completion;
            }
        }

        public string? Apply(string eventType, ReadOnlySpan<byte> data)
        {
            var result = _state.Result;
            result.EventCount++;
            if (eventType.Length != 1) return null;
            string? delta;
            try
            {
                delta = ApplyFrame(eventType[0], data, result);
            }
            catch (Exception ex) when (MalformedEvent.IsParseFailure(ex))
            {
                MalformedEvent.Record(result, ex);
                return null;
            }
            AnswerCap.Check(_state, _maxAnswerChars);
            return delta;
        }

        private string? ApplyFrame(char prefix, ReadOnlySpan<byte> data, ChatCompletion result)
        {
            switch (prefix)
            {
                case 'c':
                    var content = ReadJsonString(data);
                    if (string.IsNullOrEmpty(content)) return null;
                    _state.AppendContent(content!);
                    return content;
                case 'g':
                    var reasoning = ReadJsonString(data);
                    if (!string.IsNullOrEmpty(reasoning)) _state.AppendReasoning(reasoning!);
                    return null;
                case 'm':
                    var model = ReadJsonString(data);
                    if (!string.IsNullOrEmpty(model)) result.Model = model;
                    return null;
                case 'u':
                    var reader = new Utf8JsonReader(data);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("u: data is not a JSON object.");
                    result.Usage = UsageReader.ReadChatUsage(ref reader);
                    return null;
                case 'f':
                case 'r':
                    ApplyServerTool(ServerToolFrame.Parse(data), prefix == 'r');
                    return null;
                case 'p':
                    // The data is the bare word "finish" (not JSON); any p frame ends the stream, as in Vivgrid's clients.
                    result.Done = true;
                    result.FinishReason = FinishedReason;
                    IsTerminal = true;
                    return null;
                default:
                    return null;
            }
        }

        private void ApplyServerTool(ServerToolFrame frame, bool isResult)
        {
            // Tool arguments and results are answer text too for the answer cap (a hostile result must not grow unbounded).
            _state.CountText(frame.Arguments);
            _state.CountText(frame.Result);
            var call = frame.Id is null ? null : _serverTools.Find(t => t.Id == frame.Id);
            if (call is null)
            {
                call = new VivgridPS.ServerToolCall { Id = frame.Id ?? string.Empty, Name = frame.Name ?? string.Empty, Status = "started" };
                _serverTools.Add(call);
            }
            if (!string.IsNullOrEmpty(frame.Name)) call.Name = frame.Name!;
            if (frame.Arguments != null) call.Arguments = frame.Arguments;
            if (isResult)
            {
                call.Result = frame.Result ?? string.Empty;
                call.Status = "completed";
            }
            if (!string.IsNullOrEmpty(frame.Status)) call.Status = frame.Status!;
        }

        /// <summary>The frame's data must be exactly one JSON string (null is tolerated as "nothing").</summary>
        private static string? ReadJsonString(ReadOnlySpan<byte> data)
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read()) throw new JsonException("The frame has no data.");
            string? text = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw new JsonException($"Expected a JSON string, got {reader.TokenType}."),
            };
            if (reader.Read()) throw new JsonException("Unexpected data after the JSON string.");
            return text;
        }
    }
}
