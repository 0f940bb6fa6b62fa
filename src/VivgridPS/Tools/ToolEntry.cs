using System;
using System.Collections.Generic;
using System.Management.Automation;
using VivgridPS.Core.Chat;

namespace VivgridPS.Tools
{
    /// <summary>
    /// One tool the user allowed with -Tool: what the model sees (<see cref="Definition"/>) and what runs when it
    /// asks (<see cref="Command"/>, a CommandInfo or a ScriptBlock; null for a schema-only hashtable tool).
    /// </summary>
    internal sealed class ToolEntry
    {
        public ToolEntry(ToolDefinition definition, object? command, IEnumerable<string> parameterNames, IEnumerable<string> required)
        {
            Definition = definition;
            Command = command;
            ParameterNames = new HashSet<string>(parameterNames, StringComparer.OrdinalIgnoreCase);
            Required = new List<string>(required);
        }

        public string Name => Definition.Name;
        public ToolDefinition Definition { get; }
        /// <summary>A <see cref="CommandInfo"/> or a <see cref="ScriptBlock"/>; invoked with a splatted hashtable.</summary>
        public object? Command { get; }
        /// <summary>The only argument names the model may pass (the schema's properties).</summary>
        public HashSet<string> ParameterNames { get; }
        public List<string> Required { get; }
        /// <summary>False when the schema lists no properties, so any names are passed on (hashtable tools only).</summary>
        public bool ChecksNames { get; set; } = true;
    }
}
