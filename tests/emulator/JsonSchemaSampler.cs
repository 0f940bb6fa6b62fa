using System.Buffers;
using System.Text;
using System.Text.Json;

namespace VivgridEmulator;

/// <summary>
/// Builds one deterministic instance of a JSON schema: strings "sample", numbers 1, booleans true, enums their first
/// value, arrays one item, objects every declared property. $ref into #/$defs or #/definitions is followed.
/// </summary>
internal static class JsonSchemaSampler
{
    // Recursive schemas (a tree node holding nodes) must end somewhere; past this depth we emit null.
    private const int MaxDepth = 12;

    public static string Sample(JsonElement schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            Write(writer, schema, schema, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement schema, JsonElement root, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            if (depth > MaxDepth) { writer.WriteNullValue(); } else { writer.WriteStartObject(); writer.WriteEndObject(); }
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference) && reference.ValueKind == JsonValueKind.String)
        {
            Write(writer, Resolve(root, reference.GetString()!), root, depth + 1);
            return;
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            constant.WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("enum", out JsonElement values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(writer);
            return;
        }

        foreach (string combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out JsonElement options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            {
                Write(writer, FirstNonNull(options), root, depth + 1);
                return;
            }
        }

        WriteByType(writer, schema, root, depth, TypeOf(schema));
    }

    private static void WriteByType(Utf8JsonWriter writer, JsonElement schema, JsonElement root, int depth, string type)
    {
        switch (type)
        {
            case "string": writer.WriteStringValue("sample"); break;
            case "integer":
            case "number": writer.WriteNumberValue(1); break;
            case "boolean": writer.WriteBooleanValue(true); break;
            case "null": writer.WriteNullValue(); break;
            case "array":
                writer.WriteStartArray();
                if (schema.TryGetProperty("items", out JsonElement items))
                {
                    Write(writer, items, root, depth + 1);
                }
                else
                {
                    writer.WriteStringValue("sample");
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                if (schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty property in properties.EnumerateObject())
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value, root, depth + 1);
                    }
                }

                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>"type" may be a name or a list such as ["string","null"]; the first non-null entry wins.</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out JsonElement type))
        {
            return schema.TryGetProperty("items", out _) ? "array" : "object";
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString()!;
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            string? first = null;
            foreach (JsonElement t in type.EnumerateArray())
            {
                string? name = t.GetString();
                first ??= name;
                if (name != "null")
                {
                    return name ?? "object";
                }
            }

            return first ?? "object";
        }

        return "object";
    }

    private static JsonElement FirstNonNull(JsonElement options)
    {
        foreach (JsonElement option in options.EnumerateArray())
        {
            if (!(option.ValueKind == JsonValueKind.Object && option.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"))
            {
                return option;
            }
        }

        return options[0];
    }

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        if (!reference.StartsWith("#", StringComparison.Ordinal))
        {
            return default;
        }

        JsonElement current = root;
        foreach (string segment in reference.Substring(1).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = segment.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return default;
            }
        }

        return current;
    }
}
