namespace VivgridPS.Core.Chat
{
    /// <summary>One function call the model asked for, as parsed from the wire (arguments kept as raw JSON text).</summary>
    public sealed class ToolCallData
    {
        /// <summary>Position of the call in the answer (tool_calls[].index, or order of appearance).</summary>
        public int Index { get; set; }
        /// <summary>tool_calls[].id for Chat Completions, call_id for Responses (what a tool result must refer to).</summary>
        public string Id { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string ArgumentsJson { get; set; } = string.Empty;

        public override string ToString() => Name + "(" + ArgumentsJson + ")";
    }
}
