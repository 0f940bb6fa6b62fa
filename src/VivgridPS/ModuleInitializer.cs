using System;
using System.IO;
using System.Management.Automation;
using VivgridPS.Core.Http;
using VivgridPS.Desktop;

namespace VivgridPS
{
    /// <summary>
    /// Runs when the module's assembly is imported. On Windows PowerShell 5.1 (the netstandard2.0 build) it
    /// resolves our bundled dependencies from the module folder (ModuleAssemblyResolver says which) and turns on
    /// TLS 1.2, and TLS 1.3 where the runtime has it (TlsProtocolSetup; it cannot throw, so it cannot fail the import).
    /// On PowerShell 7 the engine already resolves dependencies beside the module, so nothing is done there.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal static readonly ModuleAssemblyResolver Resolver =
            new ModuleAssemblyResolver(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".");

        public void OnImport()
        {
#if !NET8_0_OR_GREATER
            AppDomain.CurrentDomain.AssemblyResolve += Resolver.Resolve;
            EnableTls();
#endif
        }

        public void OnRemove(PSModuleInfo module)
        {
#if !NET8_0_OR_GREATER
            AppDomain.CurrentDomain.AssemblyResolve -= Resolver.Resolve;
#endif
        }

        // Its own method so VivgridPS.Core (and TlsProtocolSetup's types) load only after the resolver is in place.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void EnableTls() => TlsProtocolSetup.Apply();
    }
}
