using System;
using System.Collections.Generic;
using System.Text.Json;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// The facts of one chat completion chunk (or a whole non-streamed completion: its choices[].message has the same
    /// shape as a delta). Parsing fills this object completely before <see cref="CommitTo"/> touches the state, so an
    /// event that turns out to be malformed half-way leaves no trace. One instance is reused across a stream.
    /// Hand-written because this is the SSE hot path (690-920 MB/s, bench/RESULTS.md): source-generated System.Text.Json
    /// DTOs measured 1.2-2.0x slower with 6-19x the allocation on the recorded chat streams, without even folding the
    /// deltas (VivgridPS.Benchmarks --readers, 2026-11-29).
    /// </summary>
    internal sealed class ChatChunk
    {
        private readonly List<ToolFragment> _tools = new List<ToolFragment>();

        private string? _id;
        private string? _model;
        private long? _created;
        private string? _content;
        private string? _reasoning;
        private string? _refusal;
        private string? _finishReason;
        private TokenUsage? _usage;
        private ApiError? _error;

        /// <summary>The last parse met a choice object (a completion has at least one).</summary>
        public bool SawChoice { get; private set; }

        /// <summary>The last parse met an error member.</summary>
        public bool SawError => _error != null;

        /// <summary>Parses one JSON chunk; throws JsonException (or InvalidOperationException for bad UTF-8) when malformed.</summary>
        public void Parse(ReadOnlySpan<byte> json, ChatCompletion known)
        {
            Reset();
            var reader = new Utf8JsonReader(json);
            JsonReading.StartRootObject(ref reader);
            while (JsonReading.NextProperty(ref reader))
            {
                // id/model repeat on every chunk: read them only until known, so the steady state allocates nothing.
                if (reader.ValueTextEquals("id"u8)) _id = string.IsNullOrEmpty(known.Id) ? JsonReading.ReadString(ref reader) : SkipValue(ref reader);
                else if (reader.ValueTextEquals("model"u8)) _model = string.IsNullOrEmpty(known.Model) ? JsonReading.ReadString(ref reader) : SkipValue(ref reader);
                else if (reader.ValueTextEquals("created"u8)) _created = known.Created is null ? JsonReading.ReadLong(ref reader) : SkipNumber(ref reader);
                else if (reader.ValueTextEquals("choices"u8)) ReadChoices(ref reader);
                else if (reader.ValueTextEquals("usage"u8)) _usage = JsonReading.EnterObject(ref reader) ? UsageReader.ReadChatUsage(ref reader) : null;
                else if (reader.ValueTextEquals("error"u8)) _error = ApiErrorParser.ReadErrorMember(ref reader);
                else reader.Skip();
            }

            if (reader.Read()) throw new JsonException("Unexpected data after the JSON object.");
        }

        /// <summary>Applies the parsed facts; returns the choice-0 content delta when non-empty.</summary>
        public string? CommitTo(CompletionState state)
        {
            ChatCompletion result = state.Result;
            if (string.IsNullOrEmpty(result.Id) && !string.IsNullOrEmpty(_id)) result.Id = _id;
            if (string.IsNullOrEmpty(result.Model) && !string.IsNullOrEmpty(_model)) result.Model = _model;
            result.Created ??= JsonReading.FromUnixSeconds(_created);
            if (!string.IsNullOrEmpty(_reasoning)) state.AppendReasoning(_reasoning!);
            if (!string.IsNullOrEmpty(_refusal)) state.AppendRefusal(_refusal!);
            if (_finishReason != null) result.FinishReason = _finishReason;
            if (_usage != null) result.Usage = _usage;
            if (_error != null) result.StreamError = _error;
            foreach (ToolFragment fragment in _tools) CommitTool(state, fragment);
            if (string.IsNullOrEmpty(_content)) return null;
            state.AppendContent(_content!);
            return _content;
        }

        private void Reset()
        {
            _id = _model = _content = _reasoning = _refusal = _finishReason = null;
            _created = null;
            _usage = null;
            _error = null;
            SawChoice = false;
            _tools.Clear();
        }

        private void ReadChoices(ref Utf8JsonReader reader)
        {
            if (!JsonReading.EnterArray(ref reader)) return;
            while (JsonReading.NextElement(ref reader))
            {
                if (reader.TokenType == JsonTokenType.StartObject) ReadChoice(ref reader);
                else reader.Skip();
            }
        }

        private void ReadChoice(ref Utf8JsonReader reader)
        {
            // Azure sends "index" after "delta", so the delta is read into locals and kept only if the choice is 0.
            SawChoice = true;
            int? index = null;
            string? finish = null;
            var message = new MessageFacts();
            int toolsBefore = _tools.Count;
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("index"u8)) index = JsonReading.ReadInt(ref reader);
                else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8)) ReadMessage(ref reader, ref message);
                else if (reader.ValueTextEquals("finish_reason"u8)) finish = JsonReading.ReadString(ref reader);
                else reader.Skip();
            }

            if ((index ?? 0) != 0)
            {
                _tools.RemoveRange(toolsBefore, _tools.Count - toolsBefore);
                return;
            }

            _content = Concat(_content, message.Content);
            _reasoning = Concat(_reasoning, message.Reasoning);
            _refusal = Concat(_refusal, message.Refusal);
            if (finish != null) _finishReason = finish;
        }

        private void ReadMessage(ref Utf8JsonReader reader, ref MessageFacts message)
        {
            if (!JsonReading.EnterObject(ref reader)) return;
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("content"u8)) message.Content = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8)) message.Reasoning = MergeReasoning(message.Reasoning, JsonReading.ReadString(ref reader));
                else if (reader.ValueTextEquals("refusal"u8)) message.Refusal = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("tool_calls"u8)) ReadToolCalls(ref reader);
                else reader.Skip();
            }
        }

        private void ReadToolCalls(ref Utf8JsonReader reader)
        {
            if (!JsonReading.EnterArray(ref reader)) return;
            while (JsonReading.NextElement(ref reader))
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var fragment = new ToolFragment();
                while (JsonReading.NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("index"u8)) fragment.Index = JsonReading.ReadInt(ref reader);
                    else if (reader.ValueTextEquals("id"u8)) fragment.Id = JsonReading.ReadString(ref reader);
                    else if (reader.ValueTextEquals("function"u8)) ReadFunction(ref reader, ref fragment);
                    else reader.Skip();
                }

                _tools.Add(fragment);
            }
        }

        private static void ReadFunction(ref Utf8JsonReader reader, ref ToolFragment fragment)
        {
            if (!JsonReading.EnterObject(ref reader)) return;
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("name"u8)) fragment.Name = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("arguments"u8)) fragment.Arguments = ReadArguments(ref reader);
                else reader.Skip();
            }
        }

        /// <summary>Arguments are a JSON string by the spec; a few servers send the object itself, kept as raw JSON.</summary>
        private static string? ReadArguments(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw new JsonException("Unexpected end of JSON.");
            if (reader.TokenType == JsonTokenType.String) return reader.GetString();
            if (reader.TokenType != JsonTokenType.StartObject && reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.GetRawText();
        }

        private static void CommitTool(CompletionState state, ToolFragment fragment)
        {
            ToolCallBuilder? tool;
            if (fragment.Index is int index)
            {
                tool = state.FindTool(index) ?? state.AddTool(index);
            }
            else
            {
                // Mistral sends index-less fragments: a new id starts a new call, a fragment without id continues the last.
                IReadOnlyList<ToolCallBuilder> tools = state.Tools;
                ToolCallBuilder? last = tools.Count > 0 ? tools[tools.Count - 1] : null;
                bool startsNew = last is null || (!string.IsNullOrEmpty(fragment.Id) && fragment.Id != last.Id);
                tool = startsNew ? state.AddTool(NextIndex(tools)) : last!;
            }

            tool.OfferId(fragment.Id);
            tool.OfferName(fragment.Name);
            tool.AppendArguments(fragment.Arguments);
            state.CountText(fragment.Arguments);
            state.MarkDirty();
        }

        private static int NextIndex(IReadOnlyList<ToolCallBuilder> tools)
        {
            int next = 0;
            foreach (ToolCallBuilder tool in tools) next = Math.Max(next, tool.Index + 1);
            return next;
        }

        /// <summary>
        /// Some servers (vLLM, gateways) send the same text under both reasoning_content and reasoning in one delta;
        /// counting it twice would double the reasoning, so an identical second copy is dropped.
        /// </summary>
        private static string? MergeReasoning(string? existing, string? next)
            => existing != null && existing == next ? existing : Concat(existing, next);

        private static string? Concat(string? a, string? b)
            => string.IsNullOrEmpty(a) ? b : string.IsNullOrEmpty(b) ? a : a + b;

        private static string? SkipValue(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private static long? SkipNumber(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private struct MessageFacts
        {
            public string? Content;
            public string? Reasoning;
            public string? Refusal;
        }

        private struct ToolFragment
        {
            public int? Index;
            public string? Id;
            public string? Name;
            public string? Arguments;
        }
    }
}
