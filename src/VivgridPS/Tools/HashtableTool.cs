using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Json;

namespace VivgridPS.Tools
{
    /// <summary>
    /// A tool written as a hashtable: @{ name; description; parameters = JSON schema (hashtable or JSON text);
    /// command = a ScriptBlock or Get-Command output to run it }. The OpenAI shape @{ type='function';
    /// function=@{...} } is accepted too.
    /// </summary>
    internal static class HashtableTool
    {
        private const string EmptySchema = "{\"type\":\"object\",\"properties\":{}}";

        public static ToolEntry From(IDictionary table)
        {
            if (Lookup(table, "function") is IDictionary inner) return WithCommand(inner, Lookup(table, "command"));
            return WithCommand(table, Lookup(table, "command"));
        }

        private static ToolEntry WithCommand(IDictionary table, object? command)
        {
            command ??= Lookup(table, "command");
            var name = Lookup(table, "name")?.ToString();
            if (string.IsNullOrWhiteSpace(name)) throw Invalid("it has no 'name'");
            if (command != null && command is not ScriptBlock && command is not CommandInfo)
            {
                throw Invalid($"its 'command' is a {command.GetType().Name}; use a script block or Get-Command output");
            }
            var schema = SchemaText(Lookup(table, "parameters"), name!);
            var (names, required) = ReadProperties(schema);
            var definition = new ToolDefinition(ToolSchemaBuilder.ToolName(name!), Lookup(table, "description")?.ToString(), schema);
            return new ToolEntry(definition, command, names, required) { ChecksNames = names.Count > 0 };
        }

        private static string SchemaText(object? parameters, string name)
        {
            if (parameters is null) return EmptySchema;
            var text = parameters is string s ? s : PSObjectJsonWriter.ToJson(parameters, maxDepth: 32);
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw Invalid($"the parameters of '{name}' are not a JSON object");
            }
            catch (JsonException e)
            {
                throw Invalid($"the parameters of '{name}' are not valid JSON ({e.Message})");
            }
            return text;
        }

        private static (List<string> Names, List<string> Required) ReadProperties(string schema)
        {
            var names = new List<string>();
            var required = new List<string>();
            using var document = JsonDocument.Parse(schema);
            var root = document.RootElement;
            if (root.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject()) names.Add(property.Name);
            }
            if (root.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String) required.Add(item.GetString()!);
                }
            }
            return (names, required);
        }

        private static object? Lookup(IDictionary table, string key)
        {
            foreach (DictionaryEntry entry in table)
            {
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                }
            }
            return null;
        }

        private static VivgridException Invalid(string why) =>
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                $"A -Tool hashtable is not a tool: {why}.",
                "Pass Get-Command output, or @{ name = 'Get-Thing'; description = '...'; parameters = @{ type = 'object'; properties = @{ Name = @{ type = 'string' } } }; command = { param($Name) ... } }.");
    }
}
