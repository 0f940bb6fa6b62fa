using System.Text;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>One Responses output item (message, function_call, reasoning), reduced to the facts we use.</summary>
    internal sealed class ResponseOutputItem
    {
        public string? Type { get; private set; }
        /// <summary>The item id (msg_..., fc_...), which delta events refer to as item_id.</summary>
        public string? ItemId { get; private set; }
        public string? CallId { get; private set; }
        public string? Name { get; private set; }
        public string? Arguments { get; private set; }
        /// <summary>Concatenated output_text parts (message items).</summary>
        public string? Text { get; private set; }
        public string? Refusal { get; private set; }
        /// <summary>Concatenated summary_text parts (reasoning items).</summary>
        public string? Summary { get; private set; }

        public bool IsFunctionCall => Type == "function_call";

        /// <summary>Reader on the property name (or array element start) of the item.</summary>
        public static ResponseOutputItem? Read(ref Utf8JsonReader reader, bool alreadyOnStart = false)
        {
            if (!alreadyOnStart && !JsonReading.EnterObject(ref reader)) return null;
            var item = new ResponseOutputItem();
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8)) item.Type = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("id"u8)) item.ItemId = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("call_id"u8)) item.CallId = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("name"u8)) item.Name = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("arguments"u8)) item.Arguments = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("content"u8)) item.ReadParts(ref reader, isSummary: false);
                else if (reader.ValueTextEquals("summary"u8)) item.ReadParts(ref reader, isSummary: true);
                else reader.Skip();
            }

            return item;
        }

        private void ReadParts(ref Utf8JsonReader reader, bool isSummary)
        {
            if (!JsonReading.EnterArray(ref reader)) return;
            StringBuilder? text = null;
            StringBuilder? refusal = null;
            while (JsonReading.NextElement(ref reader))
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                ReadPart(ref reader, out string? type, out string? partText, out string? partRefusal);
                if (type == (isSummary ? "summary_text" : "output_text") && partText != null) (text ??= new StringBuilder()).Append(partText);
                if (type == "refusal" && partRefusal != null) (refusal ??= new StringBuilder()).Append(partRefusal);
            }

            if (isSummary) Summary = text?.ToString();
            else
            {
                Text = text?.ToString();
                Refusal = refusal?.ToString();
            }
        }

        private static void ReadPart(ref Utf8JsonReader reader, out string? type, out string? text, out string? refusal)
        {
            type = text = refusal = null;
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8)) type = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("text"u8)) text = JsonReading.ReadString(ref reader);
                else if (reader.ValueTextEquals("refusal"u8)) refusal = JsonReading.ReadString(ref reader);
                else reader.Skip();
            }
        }
    }
}
