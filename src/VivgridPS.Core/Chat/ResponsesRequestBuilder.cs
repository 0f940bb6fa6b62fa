using System;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Writes an OpenAI Responses API body (POST /responses), which the codex models require. Same ChatRequest,
    /// different names: input items instead of messages, max_output_tokens, reasoning.effort, text.format.
    /// </summary>
    public static class ResponsesRequestBuilder
    {
        public static ArraySegment<byte> Build(ChatRequest request) => RequestJson.Write(request, WriteBody);

        private static void WriteBody(Utf8JsonWriter json, ChatRequest request)
        {
            json.WriteStartObject();
            if (request.Model != null) json.WriteString("model", request.Model);
            WriteInput(json, request);
            if (request.Stream) json.WriteBoolean("stream", true);
            // Conversation state is kept by the caller (-Messages), so nothing is stored server-side.
            json.WriteBoolean("store", false);
            if (request.MaxOutputTokens is { } max) json.WriteNumber("max_output_tokens", max);
            if (request.Temperature is { } temperature) json.WriteNumber("temperature", temperature);
            if (request.TopP is { } topP) json.WriteNumber("top_p", topP);
            if (request.ReasoningEffort != null)
            {
                json.WriteStartObject("reasoning");
                json.WriteString("effort", request.ReasoningEffort);
                json.WriteEndObject();
            }
            WriteTextFormat(json, request);
            WriteTools(json, request);
            json.WriteEndObject();
        }

        private static void WriteInput(Utf8JsonWriter json, ChatRequest request)
        {
            json.WriteStartArray("input");
            foreach (var message in request.Messages)
            {
                if (message.Role == "tool")
                {
                    json.WriteStartObject();
                    json.WriteString("type", "function_call_output");
                    json.WriteString("call_id", message.ToolCallId ?? string.Empty);
                    json.WriteString("output", message.Content ?? string.Empty);
                    json.WriteEndObject();
                    continue;
                }
                if (!string.IsNullOrEmpty(message.Content) || message.Attachments.Length > 0)
                {
                    WriteMessage(json, message);
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
            json.WriteEndArray();
        }

        private static void WriteMessage(Utf8JsonWriter json, VivgridPS.ChatMessage message)
        {
            var assistant = message.Role == "assistant";
            json.WriteStartObject();
            json.WriteString("role", message.Role == "system" ? "developer" : message.Role);
            json.WriteStartArray("content");
            if (!string.IsNullOrEmpty(message.Content))
            {
                json.WriteStartObject();
                json.WriteString("type", assistant ? "output_text" : "input_text");
                json.WriteString("text", message.Content);
                json.WriteEndObject();
            }
            foreach (var attachment in message.Attachments)
            {
                json.WriteStartObject();
                if (attachment.Kind == "image")
                {
                    json.WriteString("type", "input_image");
                    json.WriteString("image_url", attachment.DataUri);
                }
                else
                {
                    json.WriteString("type", "input_file");
                    json.WriteString("filename", attachment.FileName);
                    json.WriteString("file_data", attachment.DataUri);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteTextFormat(Utf8JsonWriter json, ChatRequest request)
        {
            if (request.JsonSchema is null && !request.JsonObject) return;
            json.WriteStartObject("text");
            json.WriteStartObject("format");
            if (request.JsonSchema != null)
            {
                json.WriteString("type", "json_schema");
                RequestJson.WriteStrictSchema(json, request);
            }
            else
            {
                json.WriteString("type", "json_object");
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WriteTools(Utf8JsonWriter json, ChatRequest request)
        {
            if (request.Tools.Count == 0) return;
            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                json.WriteStartObject();
                json.WriteString("type", "function");
                json.WriteString("name", tool.Name);
                if (tool.Description != null) json.WriteString("description", tool.Description);
                json.WritePropertyName("parameters");
                json.WriteRawValue(tool.ParametersSchemaJson, skipInputValidation: false);
                // Without it the Responses API makes a compatible schema strict: every parameter becomes required and
                // the model fills the ones it would leave out with empty values, which -InvokeTool would then bind.
                json.WriteBoolean("strict", false);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            ChatRequestBuilder.WriteToolChoice(json, request.ToolChoice, nested: false);
        }
    }
}
