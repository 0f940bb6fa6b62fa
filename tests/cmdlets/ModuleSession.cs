using System.Management.Automation.Runspaces;
using VivgridPS.Commands;

namespace VivgridPS.Cmdlets.Tests
{
    /// <summary>The session every cmdlet test runs in: the default one with the built VivgridPS.dll imported as users import it.</summary>
    internal static class ModuleSession
    {
        public static InitialSessionState Create()
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(typeof(InvokeVivgridChatCommand).Assembly.Location);
            return state;
        }
    }
}
