using System;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Writes a Chat Completions request body (POST /chat/completions) straight to UTF-8 with Utf8JsonWriter:
    /// no intermediate object graph and no reflection, so a 1.6 MB prompt costs one copy.
    /// </summary>
    public static class ChatRequestBuilder
    {
        public static ArraySegment<byte> Build(ChatRequest request) => RequestJson.Write(request, WriteBody);

        private static void WriteBody(Utf8JsonWriter json, ChatRequest request)
        {
            json.WriteStartObject();
            if (request.Model != null) json.WriteString("model", request.Model);
            WriteMessages(json, request);
            if (request.Stream)
            {
                json.WriteBoolean("stream", true);
                // Usage and cost must never be lost on streamed calls (SPEC §2 Streaming).
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }
            WriteOptions(json, request);
            WriteResponseFormat(json, request);
            WriteTools(json, request);
            json.WriteEndObject();
        }

        private static void WriteMessages(Utf8JsonWriter json, ChatRequest request)
        {
            json.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role);
                if (message.Attachments.Length == 0)
                {
                    if (message.Content is null) json.WriteNull("content");
                    else json.WriteString("content", message.Content);
                }
                else
                {
                    WriteContentParts(json, message);
                }
                if (message.Name != null) json.WriteString("name", message.Name);
                if (message.ToolCallId != null) json.WriteString("tool_call_id", message.ToolCallId);
                if (message.ToolCalls.Length > 0) WriteAssistantToolCalls(json, message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        private static void WriteContentParts(Utf8JsonWriter json, VivgridPS.ChatMessage message)
        {
            json.WriteStartArray("content");
            if (!string.IsNullOrEmpty(message.Content))
            {
                json.WriteStartObject();
                json.WriteString("type", "text");
                json.WriteString("text", message.Content);
                json.WriteEndObject();
            }
            foreach (var attachment in message.Attachments)
            {
                json.WriteStartObject();
                if (attachment.Kind == "image")
                {
                    json.WriteString("type", "image_url");
                    json.WriteStartObject("image_url");
                    json.WriteString("url", attachment.DataUri);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteString("type", "file");
                    json.WriteStartObject("file");
                    json.WriteString("filename", attachment.FileName);
                    json.WriteString("file_data", attachment.DataUri);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        private static void WriteAssistantToolCalls(Utf8JsonWriter json, VivgridPS.ChatMessage message)
        {
            json.WriteStartArray("tool_calls");
            foreach (var call in message.ToolCalls)
            {
                json.WriteStartObject();
                json.WriteString("id", call.Id);
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                json.WriteString("name", call.Name);
                json.WriteString("arguments", call.ArgumentsJson);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        private static void WriteOptions(Utf8JsonWriter json, ChatRequest request)
        {
            if (request.MaxOutputTokens is { } max) json.WriteNumber("max_completion_tokens", max);
            if (request.Temperature is { } temperature) json.WriteNumber("temperature", temperature);
            if (request.TopP is { } topP) json.WriteNumber("top_p", topP);
            if (request.ReasoningEffort != null) json.WriteString("reasoning_effort", request.ReasoningEffort);
            if (request.Seed is { } seed) json.WriteNumber("seed", seed);
            if (request.Stop is { Count: > 0 } stop)
            {
                json.WriteStartArray("stop");
                foreach (var s in stop) json.WriteStringValue(s);
                json.WriteEndArray();
            }
        }

        private static void WriteResponseFormat(Utf8JsonWriter json, ChatRequest request)
        {
            if (request.JsonSchema != null)
            {
                json.WriteStartObject("response_format");
                json.WriteString("type", "json_schema");
                json.WriteStartObject("json_schema");
                RequestJson.WriteStrictSchema(json, request);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            else if (request.JsonObject)
            {
                json.WriteStartObject("response_format");
                json.WriteString("type", "json_object");
                json.WriteEndObject();
            }
        }

        private static void WriteTools(Utf8JsonWriter json, ChatRequest request)
        {
            if (request.Tools.Count == 0) return;
            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                json.WriteStartObject();
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                json.WriteString("name", tool.Name);
                if (tool.Description != null) json.WriteString("description", tool.Description);
                json.WritePropertyName("parameters");
                json.WriteRawValue(tool.ParametersSchemaJson, skipInputValidation: false);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteToolChoice(json, request.ToolChoice, nested: true);
        }

        internal static void WriteToolChoice(Utf8JsonWriter json, string? choice, bool nested)
        {
            if (choice is null) return;
            if (choice == "auto" || choice == "none" || choice == "required")
            {
                json.WriteString("tool_choice", choice);
                return;
            }
            json.WriteStartObject("tool_choice");
            json.WriteString("type", "function");
            if (nested)
            {
                json.WriteStartObject("function");
                json.WriteString("name", choice);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("name", choice);
            }
            json.WriteEndObject();
        }
    }
}
