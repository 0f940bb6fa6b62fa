using System;
using System.Collections.Generic;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// Builds the map and reduce requests of a -Chunk run and counts their fixed part exactly. The chunk (and each
    /// partial answer) is a user message of its own, so a request's input tokens are its fixed part plus the chunk's
    /// own count, with nothing lost or gained where the texts meet.
    /// </summary>
    public sealed class ChunkRequests
    {
        private readonly ChatRequestTemplate _template;
        private readonly string? _prompt;
        private readonly ModelInfo _model;

        public ChunkRequests(ChatRequestTemplate template, string? prompt, ModelInfo model)
        {
            _template = template;
            _prompt = prompt;
            _model = model;
            var options = template.Options;
            // As ChatPreflight counts a response schema (the service bills its text as input).
            SchemaTokens = options.JsonSchema is null ? 0 : TokenCounter.CountText(options.JsonSchemaName + " " + options.JsonSchema, model).Count;
        }

        public ModelInfo Model => _model;
        public int SchemaTokens { get; }

        /// <summary>Tokens one more user message costs besides its text (framing and role), as TokenCounter counts it.</summary>
        public int MessageFraming => TokenCounter.TokensPerMessage + TokenCounter.CountText("user", _model).Count;

        /// <summary>Map request for part <paramref name="part"/> of <paramref name="parts"/> (1-based); one part alone gets no note.</summary>
        public ChatRequest Map(int part, int parts, string chunkText, int maxOutputTokens)
        {
            var request = Instruction(parts == 1 ? null : ChunkPrompts.MapNote(part, parts));
            request.Messages.Add(new ChatMessage("user", chunkText));
            request.MaxOutputTokens = maxOutputTokens;
            return request;
        }

        /// <summary>Exact input tokens of <see cref="Map"/> with a chunk of <paramref name="chunkTokens"/> tokens.</summary>
        public int MapTokens(int part, int parts, int chunkTokens) =>
            Count(Map(part, parts, string.Empty, 1)) + chunkTokens;

        /// <summary>The most any map request's fixed part can count (numbers of the widest kind).</summary>
        public int MaxMapOverhead() => Math.Max(MapTokens(1, 1, 0),
            MapTokens(ChunkPrompts.WidestNumber, ChunkPrompts.WidestNumber, 0));

        public ChatRequest Reduce(int first, int last, int parts, IEnumerable<string> partMessages, int maxOutputTokens)
        {
            var request = Instruction(ChunkPrompts.ReduceNote(first, last, parts));
            foreach (var text in partMessages) request.Messages.Add(new ChatMessage("user", text));
            request.MaxOutputTokens = maxOutputTokens;
            return request;
        }

        /// <summary>Exact input tokens of a reduce request before its part messages.</summary>
        public int ReduceOverhead(int first, int last, int parts) => Count(Reduce(first, last, parts, Array.Empty<string>(), 1));

        public int MaxReduceOverhead()
        {
            var w = ChunkPrompts.WidestNumber;
            return Math.Max(ReduceOverhead(1, w, w), ReduceOverhead(w, w, w));
        }

        /// <summary>One partial answer as the message a reduce request carries.</summary>
        public static string PartMessage(int first, int last, string content) => ChunkPrompts.PartLabel(first, last) + "\n" + content;

        /// <summary>Exact tokens of a part message within a reduce request.</summary>
        public int PartMessageTokens(string message) => MessageFraming + TokenCounter.CountText(message, _model).Count;

        /// <summary>Upper estimate of a part message whose answer is <paramref name="answerTokens"/> long (the worst case).</summary>
        public int PartMessageTokens(int first, int last, int answerTokens) =>
            MessageFraming + TokenCounter.CountText(ChunkPrompts.PartLabel(first, last) + "\n", _model).Count + answerTokens;

        /// <summary>Input tokens of a request as ChatPreflight counts them: its messages plus the response schema.</summary>
        public int Count(ChatRequest request) => TokenCounter.CountMessages(request.Messages, _model).Count + SchemaTokens;

        private ChatRequest Instruction(string? note)
        {
            var text = note is null ? (string.IsNullOrWhiteSpace(_prompt) ? null : _prompt) : ChunkPrompts.WithPrompt(_prompt, note);
            return _template.Create(new ChatWorkItem { Instruction = text });
        }
    }
}
