using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

namespace VivgridPS.Json
{
    /// <summary>
    /// Turns JSON (structured output, tool arguments) into what ConvertFrom-Json would give: PSCustomObjects,
    /// object[] arrays, long/double/decimal numbers. Written here because ConvertFrom-Json's engine is not in
    /// PowerShell Standard 5.1, and this must work on Windows PowerShell too.
    /// </summary>
    internal static class JsonToPSObject
    {
        public static object? Parse(string json)
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return Convert(document.RootElement);
        }

        public static bool TryParse(string? json, out object? value)
        {
            value = null;
            if (string.IsNullOrWhiteSpace(json)) return false;
            try
            {
                value = Parse(json!);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static object? Convert(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var result = new PSObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        result.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
                    }
                    return result;
                case JsonValueKind.Array:
                    var items = new List<object?>();
                    foreach (var item in element.EnumerateArray()) items.Add(Convert(item));
                    return items.ToArray();
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt32(out var i)) return i;
                    if (element.TryGetInt64(out var l)) return l;
                    if (element.TryGetDecimal(out var d) && !element.GetRawText().Contains("e") && !element.GetRawText().Contains("E")) return d;
                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }
    }
}
