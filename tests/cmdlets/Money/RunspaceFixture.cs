using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Money
{
    /// <summary>
    /// One in-process runspace with the built VivgridPS.dll imported as users import it. Scripts run one at a time (the
    /// tests sharing it are in one xunit collection); environment variables are process-wide, so tests restore them.
    /// </summary>
    public sealed class RunspaceFixture : IDisposable
    {
        private readonly Runspace _runspace;

        public RunspaceFixture()
        {
            _runspace = RunspaceFactory.CreateRunspace(ModuleSession.Create());
            _runspace.Open();
        }

        /// <summary>Runs <paramref name="script"/>; returns output, and the error/warning/verbose streams.</summary>
        public RunResult Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            if (variables != null)
                foreach (var v in variables) _runspace.SessionStateProxy.SetVariable(v.Key, v.Value);
            ps.AddScript(script);
            Collection<PSObject> output = ps.Invoke();
            return new RunResult(output.ToList(), ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
                ps.Streams.Verbose.Select(v => v.Message).ToList());
        }

        /// <summary>Sets environment variables for the duration of a test and restores them on dispose.</summary>
        public static IDisposable Env(params (string Name, string? Value)[] values)
        {
            var saved = values.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToList();
            foreach (var (name, value) in values) Environment.SetEnvironmentVariable(name, value);
            return new Restore(() => { foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value); });
        }

        public void Dispose() => _runspace.Dispose();

        private sealed class Restore : IDisposable
        {
            private readonly Action _action;
            public Restore(Action action) => _action = action;
            public void Dispose() => _action();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class MoneyRunspaceCollection : ICollectionFixture<RunspaceFixture>
    {
        public const string Name = "Money runspace";
    }
}
