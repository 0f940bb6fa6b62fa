using System;
using System.Globalization;
using System.Management.Automation.Host;

namespace VivgridPS.Cmdlets.Tests
{
    /// <summary>The part of a test PSHost that no test looks at: invariant culture, no nested prompts, no exit.</summary>
    public abstract class TestHostBase : PSHost
    {
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }
}
