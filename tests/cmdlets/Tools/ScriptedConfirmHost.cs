using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace VivgridPS.Cmdlets.Tests.Tools
{
    /// <summary>A host that answers -Confirm prompts: "No" when the prompt matches <see cref="Decline"/>, else "Yes".</summary>
    internal sealed class ScriptedConfirmHost : TestHostBase
    {
        private readonly ConfirmUI _ui = new ConfirmUI();

        public List<string> Prompts => _ui.Prompts;
        public string? Decline { get => _ui.Decline; set => _ui.Decline = value; }

        public override string Name => "ScriptedConfirmHost";
        public override Version Version => new Version(1, 0);
        public override PSHostUserInterface UI => _ui;

        private sealed class ConfirmUI : PSHostUserInterface
        {
            public List<string> Prompts { get; } = new List<string>();
            public string? Decline { get; set; }
            public override PSHostRawUserInterface RawUI => null!;

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
            {
                Prompts.Add(message);
                var no = Decline != null && message.Contains(Decline);
                for (var i = 0; i < choices.Count; i++)
                {
                    var label = choices[i].Label.Replace("&", string.Empty);
                    if (no ? label == "No" : label == "Yes") return i;
                }
                throw new InvalidOperationException("No Yes/No choice offered.");
            }

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
            public override string ReadLine() => throw new NotSupportedException();
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
            public override void Write(string value) { }
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
            public override void WriteLine(string value) { }
            public override void WriteErrorLine(string value) { }
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
        }
    }
}
