using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Text.Json;
using VivgridPS.Core.Chat;

namespace VivgridPS.Tools
{
    /// <summary>
    /// Turns a command (Get-Command output) into a function tool: its parameters of one parameter set become a
    /// JSON schema (types, Mandatory → required, ValidateSet/enum → enum, help text → description).
    /// </summary>
    internal static class ToolSchemaBuilder
    {
        public static ToolEntry FromCommand(CommandInvocationIntrinsics invoke, CommandInfo command)
        {
            var set = PickParameterSet(command);
            var help = ToolHelp.Read(invoke, command);
            var parameters = set?.Parameters.Where(p => !CommonParameterNames.All.Contains(p.Name) && IsRepresentable(p.ParameterType))
                .ToList() ?? new List<CommandParameterInfo>();
            var required = parameters.Where(p => p.IsMandatory).Select(p => p.Name).ToList();
            var schema = WriteSchema(parameters, help);
            var definition = new ToolDefinition(ToolName(command.Name), Describe(command, set, help), schema);
            return new ToolEntry(definition, command, parameters.Select(p => p.Name), required);
        }

        /// <summary>The default parameter set, else the first: a tool has one flat argument list.</summary>
        internal static CommandParameterSetInfo? PickParameterSet(CommandInfo command)
        {
            var sets = command.ParameterSets;
            if (sets.Count == 0) return null;
            return sets.FirstOrDefault(s => s.IsDefault) ?? sets[0];
        }

        /// <summary>OpenAI tool names allow [a-zA-Z0-9_-]{1,64}; a script path such as ./fix.ps1 becomes fix_ps1.</summary>
        internal static string ToolName(string name)
        {
            var leaf = Path.GetFileName(name);
            var chars = leaf.Select(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == '-') ? c : '_').ToArray();
            var text = new string(chars);
            return text.Length > 64 ? text.Substring(0, 64) : text.Length == 0 ? "tool" : text;
        }

        private static string Describe(CommandInfo command, CommandParameterSetInfo? set, ToolHelp help)
        {
            var text = new StringBuilder(help.Synopsis ?? "Runs the PowerShell command " + command.Name + ".");
            if (set != null && command.ParameterSets.Count > 1)
            {
                text.Append(" (Parameter set '").Append(set.Name).Append("' of ").Append(command.ParameterSets.Count)
                    .Append("; parameters of other sets are not available.)");
            }
            return text.ToString();
        }

        /// <summary>Values a model can write as JSON; script blocks and credentials are left out of the schema.</summary>
        private static bool IsRepresentable(Type type)
        {
            var element = ElementType(type) ?? type;
            return !typeof(ScriptBlock).IsAssignableFrom(element) && element != typeof(PSCredential) && element != typeof(SecureString);
        }

        private static string WriteSchema(List<CommandParameterInfo> parameters, ToolHelp help)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("type", "object");
                json.WriteStartObject("properties");
                foreach (var parameter in parameters)
                {
                    json.WriteStartObject(parameter.Name);
                    WriteType(json, parameter.ParameterType, ValidSet(parameter));
                    var description = string.IsNullOrEmpty(parameter.HelpMessage)
                        ? (help.Parameters.TryGetValue(parameter.Name, out var fromHelp) ? fromHelp : null)
                        : parameter.HelpMessage;
                    if (description != null) json.WriteString("description", description);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                var required = parameters.Where(p => p.IsMandatory).ToList();
                if (required.Count > 0)
                {
                    json.WriteStartArray("required");
                    foreach (var parameter in required) json.WriteStringValue(parameter.Name);
                    json.WriteEndArray();
                }
                json.WriteBoolean("additionalProperties", false);
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static IList<string>? ValidSet(CommandParameterInfo parameter) =>
            parameter.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault()?.ValidValues;

        internal static void WriteType(Utf8JsonWriter json, Type type, IList<string>? validSet)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var element = ElementType(type);
            if (element != null)
            {
                json.WriteString("type", "array");
                json.WriteStartObject("items");
                WriteType(json, element, validSet);
                json.WriteEndObject();
                return;
            }
            var name = JsonTypeName(type);
            if (name != null) json.WriteString("type", name);
            var values = validSet ?? (type.IsEnum ? Enum.GetNames(type) : null);
            if (values is { Count: > 0 })
            {
                json.WriteStartArray("enum");
                foreach (var value in values) json.WriteStringValue(value);
                json.WriteEndArray();
            }
        }

        /// <summary>null for object/PSObject: any JSON value is accepted and PowerShell converts it.</summary>
        private static string? JsonTypeName(Type type)
        {
            if (type == typeof(bool) || type == typeof(SwitchParameter)) return "boolean";
            if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
                || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte)) return "integer";
            if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "number";
            if (type == typeof(object) || type == typeof(PSObject)) return null;
            if (typeof(IDictionary).IsAssignableFrom(type)) return "object";
            return "string";
        }

        private static Type? ElementType(Type type)
        {
            if (type == typeof(string)) return null;
            if (type.IsArray) return type.GetElementType();
            if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && !typeof(IDictionary).IsAssignableFrom(type)
                && type.GetGenericArguments().Length == 1) return type.GetGenericArguments()[0];
            return null;
        }
    }
}
