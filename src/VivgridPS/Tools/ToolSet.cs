using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;

namespace VivgridPS.Tools
{
    /// <summary>The tools of one Invoke-VivgridChat: the allow-list that every tool call is checked against.</summary>
    internal sealed class ToolSet
    {
        private readonly Dictionary<string, ToolEntry> _byName = new Dictionary<string, ToolEntry>(StringComparer.Ordinal);

        public IReadOnlyList<ToolEntry> Entries => _byName.Values.ToList();

        public IEnumerable<ToolDefinition> Definitions => _byName.Values.Select(e => e.Definition);

        public static ToolSet From(CommandInvocationIntrinsics invoke, object[] tools)
        {
            var set = new ToolSet();
            foreach (var tool in tools)
            {
                var value = tool is PSObject ps ? ps.BaseObject : tool;
                var entry = value switch
                {
                    CommandInfo command => ToolSchemaBuilder.FromCommand(invoke, Resolve(command)),
                    IDictionary table => HashtableTool.From(table),
                    _ => throw Invalid($"a {value?.GetType().Name ?? "null"} is neither a hashtable nor Get-Command output"),
                };
                if (set._byName.ContainsKey(entry.Name)) throw Invalid($"two tools are named '{entry.Name}'");
                set._byName.Add(entry.Name, entry);
            }
            return set;
        }

        /// <summary>Exact name first (tool names are case-sensitive on the wire), then case-insensitive.</summary>
        public bool TryGet(string? name, out ToolEntry entry)
        {
            entry = null!;
            if (string.IsNullOrEmpty(name)) return false;
            if (_byName.TryGetValue(name!, out entry!)) return true;
            entry = _byName.Values.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))!;
            return entry != null;
        }

        /// <summary>-ToolChoice: auto, none, required, or the name of one of the tools.</summary>
        public string ResolveChoice(string choice)
        {
            var lower = choice.Trim().ToLowerInvariant();
            if (lower == "auto" || lower == "none" || lower == "required") return lower;
            if (TryGet(choice.Trim(), out var entry)) return entry.Name;
            throw Invalid($"-ToolChoice '{choice}' is not auto, none, required or the name of a -Tool ({string.Join(", ", _byName.Keys)})");
        }

        /// <summary>An alias resolves to the command it stands for, so its parameters are the real ones.</summary>
        private static CommandInfo Resolve(CommandInfo command) =>
            command is AliasInfo { ResolvedCommand: { } target } ? target : command;

        internal static VivgridException Invalid(string why) =>
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                $"-Tool is not usable: {why}.", "Pass Get-Command output or tool hashtables with distinct names.");
    }
}
