using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// What Chat Completions and the Responses API name or shape differently in a request body: member names, the
    /// nesting of typed objects, the content part types, and how a message is written. Everything else is written
    /// once by <see cref="RequestBodyWriter"/>.
    /// </summary>
    internal abstract class RequestDialect
    {
        public static RequestDialect For(ChatApi api) =>
            api == ChatApi.Responses ? ResponsesDialect.Instance : ChatCompletionsDialect.Instance;

        /// <summary>The array that holds the conversation.</summary>
        public abstract string Conversation { get; }
        public abstract string MaxOutputTokens { get; }
        /// <summary>Where the reasoning effort goes, outermost member first.</summary>
        public abstract string[] ReasoningEffort { get; }
        /// <summary>The object that holds the json_schema / json_object format, outermost member first.</summary>
        public abstract string[] OutputFormat { get; }
        /// <summary>
        /// Chat Completions puts a typed object's members in an object named after its type
        /// ({"type":"function","function":{...}}); the Responses API writes them beside "type".
        /// </summary>
        public abstract bool NestsTypedMembers { get; }
        /// <summary>stream_options.include_usage on streamed calls.</summary>
        public abstract bool AsksForStreamUsage { get; }
        public abstract bool SendsStoreFalse { get; }
        /// <summary>Seed and stop; where they are missing, RequestValidator refuses them before anything is sent.</summary>
        public abstract bool HasSeedAndStop { get; }
        public abstract bool MarksToolsNonStrict { get; }
        public abstract string TextPart(string role);
        public abstract string ImagePart { get; }
        /// <summary>The member of an image part that holds its data URI.</summary>
        public abstract string ImageUrl { get; }
        public abstract string FilePart { get; }

        /// <summary>One message of the conversation, as one or more entries of <see cref="Conversation"/>.</summary>
        public abstract void WriteMessage(Utf8JsonWriter json, VivgridPS.ChatMessage message);

        /// <summary>Writes "type" and, where the dialect nests, opens the object named after it.</summary>
        public void StartTyped(Utf8JsonWriter json, string type)
        {
            json.WriteString("type", type);
            if (NestsTypedMembers) json.WriteStartObject(type);
        }

        public void EndTyped(Utf8JsonWriter json)
        {
            if (NestsTypedMembers) json.WriteEndObject();
        }

        /// <summary>A message's text and attachments as a "content" array of typed parts.</summary>
        protected void WriteContentParts(Utf8JsonWriter json, VivgridPS.ChatMessage message)
        {
            json.WriteStartArray("content");
            if (!string.IsNullOrEmpty(message.Content))
            {
                json.WriteStartObject();
                json.WriteString("type", TextPart(message.Role));
                json.WriteString("text", message.Content);
                json.WriteEndObject();
            }
            foreach (var attachment in message.Attachments)
            {
                json.WriteStartObject();
                if (attachment.Kind == "image")
                {
                    StartTyped(json, ImagePart);
                    json.WriteString(ImageUrl, attachment.DataUri);
                }
                else
                {
                    StartTyped(json, FilePart);
                    json.WriteString("filename", attachment.FileName);
                    json.WriteString("file_data", attachment.DataUri);
                }
                EndTyped(json);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
    }
}
