using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// POST /responses, which the codex models require: input items instead of messages (a tool call and a tool
    /// answer are items of their own), the system prompt as the developer role, every content as typed parts.
    /// </summary>
    internal sealed class ResponsesDialect : RequestDialect
    {
        public static readonly ResponsesDialect Instance = new ResponsesDialect();
        private static readonly string[] ReasoningPath = { "reasoning", "effort" };
        private static readonly string[] FormatPath = { "text", "format" };

        private ResponsesDialect() { }

        public override string Conversation => "input";
        public override string MaxOutputTokens => "max_output_tokens";
        public override string[] ReasoningEffort => ReasoningPath;
        public override string[] OutputFormat => FormatPath;
        public override bool NestsTypedMembers => false;
        public override bool AsksForStreamUsage => false;
        // Conversation state is kept by the caller (-Messages), so nothing is stored server-side.
        public override bool SendsStoreFalse => true;
        public override bool HasSeedAndStop => false;
        // Without it the Responses API makes a compatible schema strict: every parameter becomes required and the
        // model fills the ones it would leave out with empty values, which -InvokeTool would then bind.
        public override bool MarksToolsNonStrict => true;
        public override string TextPart(string role) => role == "assistant" ? "output_text" : "input_text";
        public override string ImagePart => "input_image";
        public override string ImageUrl => "image_url";
        public override string FilePart => "input_file";

        public override void WriteMessage(Utf8JsonWriter json, VivgridPS.ChatMessage message)
        {
            if (message.Role == "tool")
            {
                json.WriteStartObject();
                json.WriteString("type", "function_call_output");
                json.WriteString("call_id", message.ToolCallId ?? string.Empty);
                json.WriteString("output", message.Content ?? string.Empty);
                json.WriteEndObject();
                return;
            }
            if (!string.IsNullOrEmpty(message.Content) || message.Attachments.Length > 0)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role == "system" ? "developer" : message.Role);
                WriteContentParts(json, message);
                json.WriteEndObject();
            }
            foreach (var call in message.ToolCalls)
            {
                json.WriteStartObject();
                json.WriteString("type", "function_call");
                json.WriteString("call_id", call.Id);
                json.WriteString("name", call.Name);
                json.WriteString("arguments", call.ArgumentsJson);
                json.WriteEndObject();
            }
        }
    }
}
