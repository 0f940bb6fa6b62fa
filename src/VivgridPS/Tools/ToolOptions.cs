using System.Linq;
using System.Management.Automation;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;

namespace VivgridPS.Tools
{
    /// <summary>-Tool, -ToolChoice, -InvokeTool and -MaxToolRounds, resolved in BeginProcessing.</summary>
    internal sealed class ToolOptions
    {
        private ToolOptions(ToolSet tools, bool invoke, int maxRounds)
        {
            Tools = tools;
            Invoke = invoke;
            MaxRounds = maxRounds;
        }

        public ToolSet Tools { get; }
        /// <summary>-InvokeTool: the user's explicit opt-in to running the commands the model asks for.</summary>
        public bool Invoke { get; }
        public int MaxRounds { get; }

        /// <summary>Fills the request template's tools and tool choice; null when no tool parameter was used.</summary>
        public static ToolOptions? From(object[]? tool, string? toolChoice, bool invoke, int maxRounds,
            CommandInvocationIntrinsics commands, ChatRequestTemplate request)
        {
            if (tool is null || tool.Length == 0)
            {
                if (invoke) throw Invalid("-InvokeTool needs -Tool: there is nothing the model may run.", "Pass the allowed commands, e.g. -Tool (Get-Command Get-Service) -InvokeTool.");
                if (toolChoice != null && toolChoice != "none" && toolChoice != "auto")
                {
                    throw Invalid($"-ToolChoice '{toolChoice}' needs -Tool.", "Pass the tools with -Tool.");
                }
                request.Options.ToolChoice = toolChoice;
                return null;
            }
            var tools = ToolSet.From(commands, tool);
            if (invoke && tools.Entries.FirstOrDefault(e => e.Command is null) is { } schemaOnly)
            {
                throw Invalid($"-InvokeTool cannot run tool '{schemaOnly.Name}': its hashtable has no 'command'.",
                    "Add command = { param(...) ... } (or Get-Command output) to the hashtable, or leave out -InvokeTool and read .ToolCalls.");
            }
            request.Options.Tools.AddRange(tools.Definitions);
            if (toolChoice != null) request.Options.ToolChoice = tools.ResolveChoice(toolChoice);
            return new ToolOptions(tools, invoke, maxRounds);
        }

        private static VivgridException Invalid(string message, string action) =>
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument, message, action);
    }
}
