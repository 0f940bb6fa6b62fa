using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace VivgridPS.Cmdlets.Tests.Money
{
    /// <summary>What one <see cref="RunspaceFixture.Run"/> produced: output and the error/warning/verbose streams.</summary>
    public sealed class RunResult
    {
        public RunResult(List<PSObject> output, List<ErrorRecord> errors, List<string> warnings, List<string> verbose)
        {
            Output = output;
            Errors = errors;
            Warnings = warnings;
            Verbose = verbose;
        }

        public List<PSObject> Output { get; }
        public List<ErrorRecord> Errors { get; }
        public List<string> Warnings { get; }
        public List<string> Verbose { get; }

        public List<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();
    }
}
