using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>
    /// A loopback emulator plus an in-process runspace with the built VivgridPS.dll imported. Each test gets
    /// $key and $base variables; the key is passed as -ApiKey so tests never depend on process environment.
    /// </summary>
    public sealed class ChatRunspace : IAsyncLifetime, IDisposable
    {
        public const string Key = "cmdlet-test-key-ABCDEF0123456789";
        private Runspace? _runspace;

        public EmulatorServer Emulator { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Emulator = await EmulatorServer.StartAsync();
            _runspace = RunspaceFactory.CreateRunspace(ModuleSession.Create());
            _runspace.Open();
        }

        public async Task DisposeAsync() => await Emulator.DisposeAsync();

        public void Dispose() => _runspace?.Dispose();

        public string Prelude =>
            $"$key = ConvertTo-SecureString '{Key}' -AsPlainText -Force; $base = '{Emulator.BaseUri}'; " +
            "$PSDefaultParameterValues = @{ 'Invoke-VivgridChat:ApiKey' = $key; 'Invoke-VivgridChat:BaseUri' = $base; 'Invoke-VivgridChat:NoLedger' = $true }; ";

        public PowerShell Shell(string script)
        {
            Emulator.State.Reset();
            var shell = PowerShell.Create();
            shell.Runspace = _runspace;
            shell.AddScript(Prelude + script);
            return shell;
        }

        public (List<PSObject> Output, PowerShell Shell) Run(string script)
        {
            var shell = Shell(script);
            var output = shell.Invoke().ToList();
            return (output, shell);
        }

        public static IEnumerable<string> AllText(PowerShell shell, IEnumerable<PSObject> output)
        {
            foreach (var o in output) yield return o?.ToString() ?? string.Empty;
            foreach (var e in shell.Streams.Error) { yield return e.ToString(); yield return e.Exception.ToString(); yield return e.ErrorDetails?.Message ?? ""; }
            foreach (var v in shell.Streams.Verbose) yield return v.Message;
            foreach (var d in shell.Streams.Debug) yield return d.Message;
            foreach (var w in shell.Streams.Warning) yield return w.Message;
        }
    }

    [CollectionDefinition("Chat runspace")]
    public sealed class ChatRunspaceCollection : ICollectionFixture<ChatRunspace> { }
}
