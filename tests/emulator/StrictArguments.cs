using System.Text.Json;
using System.Text.Json.Nodes;

namespace VivgridEmulator;

/// <summary>
/// What a model answering under a strict tool schema does with a parameter it would leave out: strict mode makes every
/// property required, so the arguments always carry it, filled with an empty value of its type ("" / 0 / false / [] /
/// {} / null, or the first enum member). Scripted tool calls to a strict tool get the same treatment.
/// </summary>
internal static class StrictArguments
{
    public static string Fill(string arguments, JsonElement schema)
    {
        if (!schema.TryGetProperty("properties", out JsonElement properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return arguments;
        }

        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(arguments) as JsonObject;
        }
        catch (JsonException)
        {
            return arguments; // a scripted malformed call stays malformed
        }

        if (parsed is null)
        {
            return arguments;
        }

        bool changed = false;
        foreach (JsonProperty property in properties.EnumerateObject())
        {
            if (!parsed.ContainsKey(property.Name))
            {
                parsed[property.Name] = EmptyValue(property.Value);
                changed = true;
            }
        }

        return changed ? parsed.ToJsonString() : arguments;
    }

    private static JsonNode? EmptyValue(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("enum", out JsonElement values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[0].GetRawText());
        }

        string? type = schema.TryGetProperty("type", out JsonElement t)
            ? t.ValueKind == JsonValueKind.String ? t.GetString() : t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 ? t[0].GetString() : null
            : null;
        return type switch
        {
            "string" => JsonValue.Create(string.Empty),
            "integer" or "number" => JsonValue.Create(0),
            "boolean" => JsonValue.Create(false),
            "array" => new JsonArray(),
            "object" => new JsonObject(),
            _ => null,
        };
    }
}
