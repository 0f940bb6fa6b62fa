using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Makes a user's JSON schema valid for strict structured outputs, which the module always asks for. OpenAI
    /// rejects object schemas that lack "additionalProperties": false or do not list every property in "required"
    /// (see realdata/error-400.json), which a PowerShell user writing @{ type='object'; properties=@{...} } should not
    /// have to know. Also accepts the wrapped form { name, schema, strict }.
    /// </summary>
    /// <remarks>
    /// The schema is walked by keyword: only the values of properties, items, prefixItems, anyOf/oneOf/allOf, not,
    /// additionalProperties and $defs/definitions are schemas. The keys of a "properties" map are names, not keywords,
    /// so a property called "properties" or "items" is just a property. Strict output wants every property required:
    /// when the schema lists "required", the properties it leaves out become optional the strict way, as a union with
    /// null; with no "required" at all, every property is required as written.
    /// </remarks>
    public static class JsonSchemaNormalizer
    {
        private static readonly HashSet<string> Types = new HashSet<string>(StringComparer.Ordinal)
        {
            "string", "number", "integer", "boolean", "object", "array", "null",
        };

        private static readonly string[] SchemaListKeywords = { "anyOf", "oneOf", "allOf", "prefixItems" };
        private static readonly string[] SchemaMapKeywords = { "$defs", "definitions" };

        public static (string Name, string Schema) Normalize(string json)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(json);
            }
            catch (JsonException e)
            {
                throw Invalid($"it is not valid JSON ({e.Message})");
            }
            if (root is not JsonObject schema) throw Invalid("it must be a JSON object");
            var name = "result";
            if (schema["schema"] is JsonObject inner)
            {
                // GetValue<string> throws InvalidOperationException for {"name": 42}; that is the user's input, so say so.
                var given = schema["name"];
                if (given != null && !(given is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0))
                {
                    throw Invalid("its \"name\" must be a non-empty string");
                }
                name = given?.GetValue<string>() ?? name;
                schema = inner;
            }
            if (schema["type"] is null && schema["properties"] is null && schema["anyOf"] is null)
            {
                throw Invalid("it has no \"type\" or \"properties\"");
            }
            Walk(schema, "$"); // paths in messages are JSONPath: $.properties.name
            return (name, schema.ToJsonString());
        }

        /// <summary>Checks one schema and makes it strict, then every schema it contains.</summary>
        private static void Walk(JsonNode? node, string at)
        {
            if (node is not JsonObject schema) throw Invalid($"{at} is not a schema object (it is {Describe(node)})");
            CheckType(schema, at);
            if (schema.ContainsKey("properties")) Strictify(schema, at);
            foreach (var keyword in SchemaListKeywords) WalkList(schema, keyword, at);
            foreach (var keyword in SchemaMapKeywords) WalkMap(schema, keyword, at);
            switch (schema["items"])
            {
                case null: break;
                case JsonArray tuple:
                    for (var i = 0; i < tuple.Count; i++) Walk(tuple[i], $"{at}.items[{i}]");
                    break;
                default:
                    Walk(schema["items"], at + ".items");
                    break;
            }
            if (schema["not"] != null) Walk(schema["not"], at + ".not");
            if (schema["additionalProperties"] is JsonObject extra) Walk(extra, at + ".additionalProperties");
        }

        /// <summary>additionalProperties false, every property required, optional ones nullable, type object.</summary>
        private static void Strictify(JsonObject schema, string at)
        {
            if (schema["properties"] is not JsonObject properties)
            {
                throw Invalid($"{at}.properties must be an object that maps property names to schemas (it is {Describe(schema["properties"])})");
            }
            foreach (var property in properties.ToList()) Walk(property.Value, $"{at}.properties.{property.Key}");

            // A value the user set (true, a schema) is theirs: StrictSchemaCheck refuses it before sending, by name.
            if (schema["additionalProperties"] is null) schema["additionalProperties"] = false;

            var required = RequiredNames(schema, at);
            // A required name that is no property is the user's mistake, not something to drop: left for StrictSchemaCheck.
            var keepRequired = required != null && required.Any(name => !properties.ContainsKey(name));
            if (required != null && !keepRequired)
            {
                foreach (var property in properties.ToList())
                {
                    if (!required.Contains(property.Key)) properties[property.Key] = Nullable(property.Value!);
                }
            }
            if (!keepRequired) schema["required"] = new JsonArray(properties.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());
            if (schema["type"] is null) schema["type"] = "object";
        }

        private static HashSet<string>? RequiredNames(JsonObject schema, string at)
        {
            switch (schema["required"])
            {
                case null:
                    return null;
                case JsonArray names when names.All(n => n is JsonValue v && v.TryGetValue<string>(out _)):
                    return new HashSet<string>(names.Select(n => n!.GetValue<string>()), StringComparer.Ordinal);
                default:
                    throw Invalid($"{at}.required must be an array of property names");
            }
        }

        /// <summary>
        /// The strict way to say "optional": the value is required but may be null. A typed schema gets "null" added
        /// to its type (and to its enum); an untyped one ($ref, anyOf, ...) becomes anyOf [it, {type: null}].
        /// </summary>
        private static JsonNode Nullable(JsonNode property)
        {
            var schema = (JsonObject)property;
            switch (schema["type"])
            {
                case JsonValue single when single.TryGetValue<string>(out var type):
                    if (type == "null") return schema;
                    schema["type"] = new JsonArray(type, "null");
                    break;
                case JsonArray types:
                    if (!types.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == "null")) types.Add("null");
                    break;
                default:
                    if (schema.Count == 0) return schema; // {} already allows null
                    return new JsonObject { ["anyOf"] = new JsonArray(schema.DeepClone(), new JsonObject { ["type"] = "null" }) };
            }
            if (schema["enum"] is JsonArray values && !values.Any(v => v is null)) values.Add(null);
            return schema;
        }

        private static void CheckType(JsonObject schema, string at)
        {
            switch (schema["type"])
            {
                case null:
                    return;
                case JsonValue single when single.TryGetValue<string>(out var type):
                    if (!Types.Contains(type)) throw UnknownType(type, at);
                    return;
                case JsonArray types when types.Count > 0:
                    foreach (var t in types)
                    {
                        if (!(t is JsonValue v && v.TryGetValue<string>(out var name))) throw Invalid($"{at}.type lists {Describe(t)}, not a type name");
                        if (!Types.Contains(name)) throw UnknownType(name, at);
                    }
                    return;
                default:
                    throw Invalid($"{at}.type must be a type name or an array of them (it is {Describe(schema["type"])})");
            }
        }

        private static void WalkList(JsonObject schema, string keyword, string at)
        {
            var value = schema[keyword];
            if (value is null) return;
            if (value is not JsonArray list) throw Invalid($"{at}.{keyword} must be an array of schemas (it is {Describe(value)})");
            for (var i = 0; i < list.Count; i++) Walk(list[i], $"{at}.{keyword}[{i}]");
        }

        private static void WalkMap(JsonObject schema, string keyword, string at)
        {
            var value = schema[keyword];
            if (value is null) return;
            if (value is not JsonObject map) throw Invalid($"{at}.{keyword} must be an object of named schemas (it is {Describe(value)})");
            foreach (var entry in map.ToList()) Walk(entry.Value, $"{at}.{keyword}.{entry.Key}");
        }

        private static VivgridException UnknownType(string type, string at) =>
            Invalid($"{at}.type '{type}' is not a JSON Schema type (string, number, integer, boolean, object, array, null)");

        private static string Describe(JsonNode? node) => node switch
        {
            null => "null",
            JsonObject => "an object",
            JsonArray => "an array",
            _ => node.ToJsonString(),
        };

        private static VivgridException Invalid(string why) =>
            new VivgridException(VivgridErrorId.InvalidJsonSchema, VivgridErrorKind.InvalidArgument,
                $"The -JsonSchema is not usable: {why}.",
                "Pass a hashtable like @{ type='object'; properties=@{ name=@{ type='string' } } }, JSON text, or the path of a .json file.");
    }
}
