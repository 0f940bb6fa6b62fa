using System.Linq;
using VivgridPS.Chat;
using VivgridPS.Commands;
using VivgridPS.Core.Errors;

namespace VivgridPS.Tools
{
    /// <summary>-Tool, -ToolChoice, -InvokeTool and -MaxToolRounds, resolved in BeginProcessing.</summary>
    internal sealed class ToolOptions
    {
        public const int DefaultMaxToolRounds = 8;

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
        public static ToolOptions? From(InvokeVivgridChatCommand cmdlet, ChatRequestTemplate request)
        {
            var invoke = cmdlet.InvokeTool.IsPresent;
            if (cmdlet.Tool is null || cmdlet.Tool.Length == 0)
            {
                if (invoke) throw Invalid("-InvokeTool needs -Tool: there is nothing the model may run.", "Pass the allowed commands, e.g. -Tool (Get-Command Get-Service) -InvokeTool.");
                if (cmdlet.ToolChoice != null && cmdlet.ToolChoice != "none" && cmdlet.ToolChoice != "auto")
                {
                    throw Invalid($"-ToolChoice '{cmdlet.ToolChoice}' needs -Tool.", "Pass the tools with -Tool.");
                }
                request.Options.ToolChoice = cmdlet.ToolChoice;
                return null;
            }
            var tools = ToolSet.From(cmdlet, cmdlet.Tool);
            if (invoke && tools.Entries.FirstOrDefault(e => e.Command is null) is { } schemaOnly)
            {
                throw Invalid($"-InvokeTool cannot run tool '{schemaOnly.Name}': its hashtable has no 'command'.",
                    "Add command = { param(...) ... } (or Get-Command output) to the hashtable, or leave out -InvokeTool and read .ToolCalls.");
            }
            request.Options.Tools.AddRange(tools.Definitions);
            if (cmdlet.ToolChoice != null) request.Options.ToolChoice = tools.ResolveChoice(cmdlet.ToolChoice);
            var maxRounds = cmdlet.IsBound(nameof(cmdlet.MaxToolRounds)) ? cmdlet.MaxToolRounds : DefaultMaxToolRounds;
            return new ToolOptions(tools, invoke, maxRounds);
        }

        private static VivgridException Invalid(string message, string action) =>
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument, message, action);
    }
}
