using System.Text.Json;

namespace VivgridEmulator;

/// <summary>
/// The service's strict-mode schema rules (structured output with strict: true, strict function tools): every object
/// has additionalProperties false and lists exactly its properties in required; an optional field is a union with null.
/// Messages follow the service's wording, e.g. "In context=('properties', 'a'), 'additionalProperties' is required to be
/// supplied and to be false."
/// </summary>
internal static class StrictSchema
{
    /// <summary>The first rule the schema breaks, as the text after "Invalid schema for ...: ", or null when it is strict.</summary>
    public static string? FindViolation(JsonElement schema) => Walk(schema, [], normalizing: false);

    /// <summary>
    /// Whether the Responses API can make the schema strict by itself (a tool sent without "strict"): it can when no
    /// object allows additional properties and required names only real properties; it then requires every property.
    /// </summary>
    public static bool CanNormalize(JsonElement schema) => Walk(schema, [], normalizing: true) is null;

    private static string? Walk(JsonElement node, List<string> context, bool normalizing)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (IsObjectSchema(node))
        {
            string? problem = CheckObject(node, context, normalizing);
            if (problem is not null)
            {
                return problem;
            }
        }

        foreach ((string keyword, JsonElement child) in Children(node))
        {
            string? problem = Walk(child, [.. context, .. keyword.Split('\u0001')], normalizing);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? CheckObject(JsonElement node, List<string> context, bool normalizing)
    {
        bool closed = node.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.False;
        bool absent = !node.TryGetProperty("additionalProperties", out _);
        if (!closed && !(normalizing && absent))
        {
            return In(context) + "'additionalProperties' is required to be supplied and to be false.";
        }

        var properties = new List<string>();
        if (node.TryGetProperty("properties", out JsonElement props) && props.ValueKind == JsonValueKind.Object)
        {
            properties.AddRange(props.EnumerateObject().Select(p => p.Name));
        }

        var required = new List<string>();
        bool hasRequired = node.TryGetProperty("required", out JsonElement req) && req.ValueKind == JsonValueKind.Array;
        if (hasRequired)
        {
            required.AddRange(req.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
        }

        string? extra = required.FirstOrDefault(r => !properties.Contains(r));
        if (extra is not null)
        {
            return In(context) + $"'required' is required to be supplied and to be an array including every key in properties. Extra required key '{extra}' supplied.";
        }

        string? missing = properties.FirstOrDefault(p => !required.Contains(p));
        if (!normalizing && missing is not null)
        {
            return In(context) + $"'required' is required to be supplied and to be an array including every key in properties. Missing '{missing}'.";
        }

        return null;
    }

    private static bool IsObjectSchema(JsonElement node)
    {
        if (node.TryGetProperty("properties", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        if (!node.TryGetProperty("type", out JsonElement type))
        {
            return false;
        }

        return type.ValueKind == JsonValueKind.String
            ? type.GetString() == "object"
            : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "object");
    }

    /// <summary>Sub-schemas with the context steps that lead to them (steps joined by \u0001).</summary>
    private static IEnumerable<(string, JsonElement)> Children(JsonElement node)
    {
        foreach (string keyword in new[] { "properties", "$defs", "definitions" })
        {
            if (node.TryGetProperty(keyword, out JsonElement map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in map.EnumerateObject())
                {
                    yield return (keyword + "\u0001" + property.Name, property.Value);
                }
            }
        }

        if (node.TryGetProperty("items", out JsonElement items))
        {
            yield return ("items", items);
        }

        foreach (string keyword in new[] { "anyOf", "allOf", "oneOf" })
        {
            if (node.TryGetProperty(keyword, out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (JsonElement branch in list.EnumerateArray())
                {
                    yield return (keyword + "\u0001" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture), branch);
                }
            }
        }
    }

    /// <summary>The context as the service prints it: a Python tuple, () at the root.</summary>
    private static string In(List<string> context)
    {
        string tuple = context.Count switch
        {
            0 => "()",
            1 => "('" + context[0] + "',)",
            _ => "(" + string.Join(", ", context.Select(c => "'" + c + "'")) + ")",
        };
        return "In context=" + tuple + ", ";
    }
}
