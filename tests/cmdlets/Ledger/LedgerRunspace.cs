using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace VivgridPS.Cmdlets.Tests.Ledger
{
    /// <summary>An in-process runspace with the built VivgridPS.dll imported, plus a private ledger folder.</summary>
    internal sealed class LedgerRunspace : IDisposable
    {
        private readonly Runspace _runspace;

        public LedgerRunspace()
        {
            Folder = Path.Combine(Path.GetTempPath(), "vivgridps-ledger-cmdlet-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            _runspace = RunspaceFactory.CreateRunspace(ModuleSession.Create());
            _runspace.Open();
        }

        public string Folder { get; }

        public string LedgerPath => Path.Combine(Folder, "usage.jsonl");

        public (List<PSObject> Output, PowerShell Shell) Run(string script, IDictionary<string, object?>? variables = null)
        {
            var shell = PowerShell.Create();
            shell.Runspace = _runspace;
            if (variables is not null)
            {
                foreach (var pair in variables) _runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
            }
            _runspace.SessionStateProxy.SetVariable("ledger", LedgerPath);
            List<PSObject> output = shell.AddScript(script).Invoke().ToList();
            return (output, shell);
        }

        public void Dispose()
        {
            _runspace.Dispose();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
