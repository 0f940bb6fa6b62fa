using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// What the two request builders share: the writer settings, the pre-sized buffer, and the strict-schema members.
    /// The default encoder escapes every non-ASCII character and quote as \uXXXX (it is built for HTML embedding),
    /// which made a 1.8 MB French/German/CJK prompt a 2.4 MB body; request bodies never reach a browser, so only what
    /// JSON itself requires is escaped.
    /// </summary>
    internal static class RequestJson
    {
        public static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };

        /// <summary>Writes one body into a buffer pre-sized for the request, so a big prompt is written once.</summary>
        public static ArraySegment<byte> Write(ChatRequest request, Action<Utf8JsonWriter, ChatRequest> writeBody)
        {
            var buffer = new MemoryStream(RequestSizeHint.Estimate(request));
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writeBody(json, request);
            }
            return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <summary>name, strict and schema: the same members in response_format.json_schema and text.format.</summary>
        public static void WriteStrictSchema(Utf8JsonWriter json, ChatRequest request)
        {
            json.WriteString("name", request.JsonSchemaName);
            json.WriteBoolean("strict", true);
            json.WritePropertyName("schema");
            json.WriteRawValue(request.JsonSchema!, skipInputValidation: false);
        }
    }
}
