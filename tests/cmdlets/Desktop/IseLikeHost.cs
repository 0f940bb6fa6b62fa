using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace VivgridPS.Cmdlets.Tests.Desktop
{
    /// <summary>
    /// A host without a real console, shaped like the Windows PowerShell ISE: it has a UI and a RawUI object, but the
    /// console-only members (ReadKey, KeyAvailable, buffer contents) throw NotImplementedException, and text goes to an
    /// output pane (here a StringBuilder). <see cref="RawUIMode"/> also gives a host with no RawUI at all (one whose RawUI throws cannot even open a runspace).
    /// </summary>
    public sealed class IseLikeHost : TestHostBase
    {
        public enum RawUIMode { IsePane, Null }

        private readonly PaneUI _ui;

        public IseLikeHost(RawUIMode mode, string name = "Windows PowerShell ISE Host")
        {
            _ui = new PaneUI(mode);
            Name = name;
        }

        /// <summary>Everything written through the host UI (Write/WriteLine), as the ISE output pane would show it.</summary>
        public string Pane => _ui.Pane.ToString();

        public override string Name { get; }
        public override Version Version => new Version(5, 1);
        public override PSHostUserInterface UI => _ui;

        private sealed class PaneUI : PSHostUserInterface
        {
            private readonly RawUIMode _mode;
            private readonly PaneRawUI _raw = new PaneRawUI();

            public PaneUI(RawUIMode mode) => _mode = mode;

            public StringBuilder Pane { get; } = new StringBuilder();

            public override PSHostRawUserInterface RawUI => _mode switch
            {
                RawUIMode.IsePane => _raw,
                _ => null!,
            };

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
            public override string ReadLine() => throw new NotSupportedException();
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
            public override void Write(string value) => Pane.Append(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Pane.Append(value);
            public override void WriteLine(string value) => Pane.Append(value).Append('\n');
            public override void WriteErrorLine(string value) { }
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
        }

        /// <summary>The ISE's RawUI: colours and sizes answer, the console-only members throw.</summary>
        private sealed class PaneRawUI : PSHostRawUserInterface
        {
            public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.White;
            public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Black;
            public override Size BufferSize { get => new Size(120, 0); set => throw new NotImplementedException(); }
            public override Coordinates CursorPosition { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
            public override int CursorSize { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
            public override bool KeyAvailable => throw new NotImplementedException();
            public override Size MaxPhysicalWindowSize => throw new NotImplementedException();
            public override Size MaxWindowSize => throw new NotImplementedException();
            public override Coordinates WindowPosition { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
            public override Size WindowSize { get => new Size(120, 0); set => throw new NotImplementedException(); }
            public override string WindowTitle { get; set; } = "Windows PowerShell ISE";
            public override void FlushInputBuffer() => throw new NotImplementedException();
            public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotImplementedException();
            public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotImplementedException();
            public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotImplementedException();
            public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotImplementedException();
            public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotImplementedException();
        }
    }
}
