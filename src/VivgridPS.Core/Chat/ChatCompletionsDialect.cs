using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>POST /chat/completions: messages with a plain string content unless they carry attachments.</summary>
    internal sealed class ChatCompletionsDialect : RequestDialect
    {
        public static readonly ChatCompletionsDialect Instance = new ChatCompletionsDialect();
        private static readonly string[] ReasoningPath = { "reasoning_effort" };
        private static readonly string[] FormatPath = { "response_format" };

        private ChatCompletionsDialect() { }

        public override string Conversation => "messages";
        public override string MaxOutputTokens => "max_completion_tokens";
        public override string[] ReasoningEffort => ReasoningPath;
        public override string[] OutputFormat => FormatPath;
        public override bool NestsTypedMembers => true;
        // Usage and cost must never be lost on streamed calls (SPEC §2 Streaming).
        public override bool AsksForStreamUsage => true;
        public override bool SendsStoreFalse => false;
        public override bool HasSeedAndStop => true;
        public override bool MarksToolsNonStrict => false;
        public override string TextPart(string role) => "text";
        public override string ImagePart => "image_url";
        public override string ImageUrl => "url";
        public override string FilePart => "file";

        public override void WriteMessage(Utf8JsonWriter json, VivgridPS.ChatMessage message)
        {
            json.WriteStartObject();
            json.WriteString("role", message.Role);
            if (message.Attachments.Length > 0) WriteContentParts(json, message);
            else if (message.Content is null) json.WriteNull("content");
            else json.WriteString("content", message.Content);
            if (message.Name != null) json.WriteString("name", message.Name);
            if (message.ToolCallId != null) json.WriteString("tool_call_id", message.ToolCallId);
            if (message.ToolCalls.Length > 0) WriteToolCalls(json, message);
            json.WriteEndObject();
        }

        private void WriteToolCalls(Utf8JsonWriter json, VivgridPS.ChatMessage message)
        {
            json.WriteStartArray("tool_calls");
            foreach (var call in message.ToolCalls)
            {
                json.WriteStartObject();
                json.WriteString("id", call.Id);
                StartTyped(json, "function");
                json.WriteString("name", call.Name);
                json.WriteString("arguments", call.ArgumentsJson);
                EndTyped(json);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
    }
}
