using System;
using System.Collections;
using System.Linq;
using System.Text.Json;
using VivgridPS.Json;

namespace VivgridPS.Tools
{
    /// <summary>
    /// The model's arguments as a splat hashtable, checked against the tool's schema. Values stay data: they are
    /// bound as parameter values and never become script text. Problems come back as a message for the model.
    /// </summary>
    internal static class ToolArguments
    {
        public static bool TryBind(ToolEntry tool, string? json, out Hashtable arguments, out string problem)
        {
            arguments = new Hashtable(StringComparer.OrdinalIgnoreCase);
            problem = string.Empty;
            // Some models send "" for a call without arguments.
            if (string.IsNullOrWhiteSpace(json)) json = "{}";
            object? parsed;
            try
            {
                using var document = JsonDocument.Parse(json!);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problem = $"The arguments of '{tool.Name}' must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.";
                    return false;
                }
                parsed = JsonToPSObject.Parse(json!);
            }
            catch (JsonException e)
            {
                problem = $"The arguments of '{tool.Name}' are not valid JSON: {e.Message}";
                return false;
            }
            foreach (var property in ((System.Management.Automation.PSObject)parsed!).Properties)
            {
                if (tool.ChecksNames && !tool.ParameterNames.Contains(property.Name))
                {
                    problem = $"'{tool.Name}' has no parameter '{property.Name}'. Its parameters are: {string.Join(", ", tool.ParameterNames.OrderBy(n => n, StringComparer.OrdinalIgnoreCase))}.";
                    return false;
                }
                arguments[property.Name] = property.Value;
            }
            // A missing mandatory parameter would make PowerShell prompt the user for it; ask the model instead.
            var bound = arguments;
            var missing = tool.Required.Where(r => !bound.ContainsKey(r)).ToList();
            if (missing.Count > 0)
            {
                problem = $"'{tool.Name}' needs the required parameter(s): {string.Join(", ", missing)}.";
                return false;
            }
            return true;
        }
    }
}
