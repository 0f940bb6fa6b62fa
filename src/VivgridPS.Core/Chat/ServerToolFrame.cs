using System;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>The data of one f: (tool call) or r: (tool result) frame of the compact stream.</summary>
    internal sealed class ServerToolFrame
    {
        public string? Id { get; private set; }
        public string? Name { get; private set; }
        public string? Arguments { get; private set; }
        public string? Result { get; private set; }
        public string? Status { get; private set; }

        /// <summary>Reads {"tool_call_id","name","arguments"|"result","status"?}; unknown members are skipped.</summary>
        public static ServerToolFrame Parse(ReadOnlySpan<byte> data)
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Tool frame data is not a JSON object.");
            var frame = new ServerToolFrame();
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("tool_call_id"u8)) frame.Id = JsonReading.ReadScalarAsText(ref reader);
                else if (reader.ValueTextEquals("name"u8)) frame.Name = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("arguments"u8)) frame.Arguments = ReadTextOrJson(ref reader);
                else if (reader.ValueTextEquals("result"u8)) frame.Result = ReadTextOrJson(ref reader);
                else if (reader.ValueTextEquals("status"u8)) frame.Status = JsonReading.ReadString(ref reader);
                else reader.Skip();
            }
            return frame;
        }

        /// <summary>The spec says a string; an object or array sent instead is kept as its JSON text rather than lost.</summary>
        private static string? ReadTextOrJson(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String) return reader.GetString();
            if (reader.TokenType == JsonTokenType.Null) return null;
            using var element = JsonDocument.ParseValue(ref reader);
            return element.RootElement.GetRawText();
        }
    }
}
