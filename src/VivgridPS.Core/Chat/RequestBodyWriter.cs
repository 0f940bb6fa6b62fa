using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Writes the request body of either API straight to UTF-8 with Utf8JsonWriter: no intermediate object graph and
    /// no reflection, so a 1.6 MB prompt costs one copy. The body's outline, the options, the output format and the
    /// tools are written here once; what Chat Completions and the Responses API name or shape differently is the
    /// <see cref="RequestDialect"/>'s.
    /// </summary>
    public static class RequestBodyWriter
    {
        /// <summary>
        /// The default encoder escapes every non-ASCII character and quote as \uXXXX (it is built for HTML embedding),
        /// which made a 1.8 MB French/German/CJK prompt a 2.4 MB body; request bodies never reach a browser, so only
        /// what JSON itself requires is escaped.
        /// </summary>
        internal static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };

        /// <summary>The body for the API the request is sent to (<see cref="ChatRequest.Api"/>).</summary>
        public static ArraySegment<byte> Build(ChatRequest request) => Build(request, request.Api);

        /// <summary>Writes the body into a buffer pre-sized for the request, so a big prompt is written once.</summary>
        public static ArraySegment<byte> Build(ChatRequest request, ChatApi api)
        {
            var buffer = new MemoryStream(RequestSizeHint.Estimate(request));
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                WriteBody(json, request, RequestDialect.For(api));
            }
            return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static void WriteBody(Utf8JsonWriter json, ChatRequest request, RequestDialect dialect)
        {
            json.WriteStartObject();
            if (request.Model != null) json.WriteString("model", request.Model);
            json.WriteStartArray(dialect.Conversation);
            foreach (var message in request.Messages) dialect.WriteMessage(json, message);
            json.WriteEndArray();
            if (request.Stream) json.WriteBoolean("stream", true);
            if (request.Stream && dialect.AsksForStreamUsage)
            {
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }
            if (dialect.SendsStoreFalse) json.WriteBoolean("store", false);
            WriteOptions(json, request, dialect);
            WriteOutputFormat(json, request, dialect);
            WriteTools(json, request, dialect);
            json.WriteEndObject();
        }

        private static void WriteOptions(Utf8JsonWriter json, ChatRequest request, RequestDialect dialect)
        {
            if (request.MaxOutputTokens is { } max) json.WriteNumber(dialect.MaxOutputTokens, max);
            if (request.Temperature is { } temperature) json.WriteNumber("temperature", temperature);
            if (request.TopP is { } topP) json.WriteNumber("top_p", topP);
            if (request.ReasoningEffort != null)
            {
                var path = dialect.ReasoningEffort;
                StartObjects(json, path, path.Length - 1);
                json.WriteString(path[path.Length - 1], request.ReasoningEffort);
                EndObjects(json, path.Length - 1);
            }
            if (!dialect.HasSeedAndStop) return;
            if (request.Seed is { } seed) json.WriteNumber("seed", seed);
            if (request.Stop is { Count: > 0 } stop)
            {
                json.WriteStartArray("stop");
                foreach (var s in stop) json.WriteStringValue(s);
                json.WriteEndArray();
            }
        }

        private static void WriteOutputFormat(Utf8JsonWriter json, ChatRequest request, RequestDialect dialect)
        {
            if (request.JsonSchema is null && !request.JsonObject) return;
            var path = dialect.OutputFormat;
            StartObjects(json, path, path.Length);
            if (request.JsonSchema != null)
            {
                dialect.StartTyped(json, "json_schema");
                json.WriteString("name", request.JsonSchemaName);
                json.WriteBoolean("strict", true);
                json.WritePropertyName("schema");
                json.WriteRawValue(request.JsonSchema, skipInputValidation: false);
                dialect.EndTyped(json);
            }
            else
            {
                json.WriteString("type", "json_object");
            }
            EndObjects(json, path.Length);
        }

        private static void WriteTools(Utf8JsonWriter json, ChatRequest request, RequestDialect dialect)
        {
            if (request.Tools.Count == 0) return;
            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                json.WriteStartObject();
                dialect.StartTyped(json, "function");
                json.WriteString("name", tool.Name);
                if (tool.Description != null) json.WriteString("description", tool.Description);
                json.WritePropertyName("parameters");
                json.WriteRawValue(tool.ParametersSchemaJson, skipInputValidation: false);
                if (dialect.MarksToolsNonStrict) json.WriteBoolean("strict", false);
                dialect.EndTyped(json);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteToolChoice(json, request.ToolChoice, dialect);
        }

        private static void WriteToolChoice(Utf8JsonWriter json, string? choice, RequestDialect dialect)
        {
            if (choice is null) return;
            if (choice == "auto" || choice == "none" || choice == "required")
            {
                json.WriteString("tool_choice", choice);
                return;
            }
            json.WriteStartObject("tool_choice");
            dialect.StartTyped(json, "function");
            json.WriteString("name", choice);
            dialect.EndTyped(json);
            json.WriteEndObject();
        }

        private static void StartObjects(Utf8JsonWriter json, string[] names, int count)
        {
            for (var i = 0; i < count; i++) json.WriteStartObject(names[i]);
        }

        private static void EndObjects(Utf8JsonWriter json, int count)
        {
            for (var i = 0; i < count; i++) json.WriteEndObject();
        }
    }
}
