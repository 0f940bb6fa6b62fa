using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Makes a user's JSON schema acceptable to strict structured outputs: OpenAI rejects object schemas that
    /// lack "additionalProperties": false or do not list every property in "required" (see realdata/error-400.json),
    /// which a PowerShell user writing @{ type='object'; properties=@{...} } should not have to know.
    /// Also accepts the wrapped form { name, schema, strict }.
    /// </summary>
    public static class JsonSchemaNormalizer
    {
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
            Strictify(schema);
            return (name, schema.ToJsonString());
        }

        private static void Strictify(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["properties"] is JsonObject properties)
                    {
                        if (obj["additionalProperties"] is null) obj["additionalProperties"] = false;
                        if (obj["required"] is null)
                        {
                            obj["required"] = new JsonArray(properties.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());
                        }
                        if (obj["type"] is null) obj["type"] = "object";
                    }
                    foreach (var child in obj.ToList()) Strictify(child.Value);
                    break;
                case JsonArray array:
                    foreach (var item in array) Strictify(item);
                    break;
            }
        }

        private static VivgridException Invalid(string why) =>
            new VivgridException(VivgridErrorId.InvalidJsonSchema, VivgridErrorKind.InvalidArgument,
                $"The -JsonSchema is not usable: {why}.",
                "Pass a hashtable like @{ type='object'; properties=@{ name=@{ type='string' } } }, JSON text, or the path of a .json file.");
    }
}
