using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// What the service demands of a strict structured-output schema, checked on the schema as it will be sent (after
    /// <see cref="JsonSchemaNormalizer"/> filled in what it could): every object has additionalProperties false and
    /// lists exactly its properties in required. A schema that still breaks a rule (a user's partial required list, an
    /// open object) would come back as HTTP 400, so it fails here, naming where and how to fix it.
    /// </summary>
    public static class StrictSchemaCheck
    {
        public static void Check(string schemaJson)
        {
            using var document = JsonDocument.Parse(schemaJson);
            var problem = Walk(document.RootElement, "the schema");
            if (problem is null) return;
            throw new VivgridException(VivgridErrorId.InvalidJsonSchema, VivgridErrorKind.InvalidArgument,
                "The -JsonSchema cannot be sent as strict structured output: " + problem + ".",
                "List every property in 'required' and make an optional one nullable, e.g. @{ type = @('string', 'null') }; " +
                "leave 'additionalProperties' out (the module sets it to false).");
        }

        private static string? Walk(JsonElement node, string where)
        {
            if (node.ValueKind != JsonValueKind.Object) return null;
            if (IsObject(node))
            {
                var problem = CheckObject(node, where);
                if (problem != null) return problem;
            }
            foreach (var (step, child) in Children(node))
            {
                var problem = Walk(child, where == "the schema" ? step : where + "." + step);
                if (problem != null) return problem;
            }
            return null;
        }

        private static string? CheckObject(JsonElement node, string where)
        {
            if (!(node.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False))
            {
                return where + " allows additional properties (strict output needs \"additionalProperties\": false)";
            }
            var properties = node.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().Select(x => x.Name).ToList()
                : new List<string>();
            var required = node.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : new List<string>();
            var extra = required.FirstOrDefault(name => !properties.Contains(name));
            if (extra != null) return where + " requires '" + extra + "', which is not one of its properties";
            var missing = properties.FirstOrDefault(name => !required.Contains(name));
            if (missing != null) return where + " does not list '" + missing + "' in 'required' (strict output needs every property there)";
            return null;
        }

        private static bool IsObject(JsonElement node)
        {
            if (node.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object) return true;
            if (!node.TryGetProperty("type", out var type)) return false;
            return type.ValueKind == JsonValueKind.String
                ? type.GetString() == "object"
                : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "object");
        }

        private static IEnumerable<(string Step, JsonElement Child)> Children(JsonElement node)
        {
            foreach (var keyword in new[] { "properties", "$defs", "definitions" })
            {
                if (node.TryGetProperty(keyword, out var map) && map.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in map.EnumerateObject()) yield return (keyword == "properties" ? property.Name : keyword + "." + property.Name, property.Value);
                }
            }
            if (node.TryGetProperty("items", out var items)) yield return ("items", items);
            foreach (var keyword in new[] { "anyOf", "allOf", "oneOf" })
            {
                if (node.TryGetProperty(keyword, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var branch in list.EnumerateArray()) yield return (keyword + "[" + i++ + "]", branch);
                }
            }
        }
    }
}
