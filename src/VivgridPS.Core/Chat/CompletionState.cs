using System.Collections.Generic;
using System.Text;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// The mutable state behind an accumulator: scalar facts are written straight onto <see cref="Result"/>, text is
    /// appended to builders and copied out only when someone asks (<see cref="Snapshot"/>), so a long stream costs one
    /// final string per text field instead of one per event.
    /// </summary>
    internal sealed class CompletionState
    {
        private readonly StringBuilder _content = new StringBuilder();
        private StringBuilder? _reasoning;
        private StringBuilder? _refusal;
        private StringBuilder? _outputTextDone;
        private readonly List<ToolCallBuilder> _tools = new List<ToolCallBuilder>();
        private bool _dirty = true;

        public ChatCompletion Result { get; } = new ChatCompletion();

        public IReadOnlyList<ToolCallBuilder> Tools => _tools;

        /// <summary>Characters of text held so far (all text fields and tool arguments): what the answer cap limits.</summary>
        public long TextChars { get; private set; }

        /// <summary>Counts text kept outside the builders here (tool-call arguments).</summary>
        public void CountText(string? text) => TextChars += text?.Length ?? 0;

        public void AppendContent(string delta)
        {
            _content.Append(delta);
            TextChars += delta.Length;
            Result.ContentDeltaCount++;
            _dirty = true;
        }

        public void AppendReasoning(string delta) => Append(ref _reasoning, delta);

        public void AppendRefusal(string delta) => Append(ref _refusal, delta);

        public void AppendOutputTextDone(string text) => Append(ref _outputTextDone, text);

        public ToolCallBuilder AddTool(int index)
        {
            var tool = new ToolCallBuilder(index);
            _tools.Add(tool);
            _dirty = true;
            return tool;
        }

        public ToolCallBuilder? FindTool(int index)
        {
            foreach (ToolCallBuilder tool in _tools)
            {
                if (tool.Index == index) return tool;
            }

            return null;
        }

        public ToolCallBuilder? FindToolByItemId(string itemId)
        {
            foreach (ToolCallBuilder tool in _tools)
            {
                if (tool.ItemId == itemId) return tool;
            }

            return null;
        }

        /// <summary>Tool builders are mutated in place; callers that touch one must say so.</summary>
        public void MarkDirty() => _dirty = true;

        public ChatCompletion Snapshot()
        {
            if (!_dirty) return Result;
            Result.Content = _content.ToString();
            Result.Reasoning = _reasoning?.ToString();
            Result.Refusal = _refusal?.ToString();
            Result.OutputTextDone = _outputTextDone?.ToString();
            var calls = new List<ToolCallData>(_tools.Count);
            foreach (ToolCallBuilder tool in _tools) calls.Add(tool.Build());
            calls.Sort((a, b) => a.Index.CompareTo(b.Index)); // List.Sort is unstable, but indexes are unique here
            Result.ToolCalls = calls;
            _dirty = false;
            return Result;
        }

        private void Append(ref StringBuilder? builder, string text)
        {
            (builder ??= new StringBuilder()).Append(text);
            TextChars += text.Length;
            _dirty = true;
        }
    }
}
