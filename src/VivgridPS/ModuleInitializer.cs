using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Reflection;

namespace VivgridPS
{
    /// <summary>
    /// Runs when the module's assembly is imported. On Windows PowerShell 5.1 (the netstandard2.0 build) it
    /// resolves our bundled dependencies from the module folder — answering only for assemblies we ship, so other
    /// modules' loads are left alone — and turns on TLS 1.2/1.3, which .NET Framework may not enable by default.
    /// On PowerShell 7 the engine already resolves dependencies beside the module, so nothing is done there.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string[] Shipped =
        {
            "VivgridPS.Core", "System.Net.ServerSentEvents", "Microsoft.ML.Tokenizers.Data.O200kBase",
            "System.Text.Json", "System.Text.Encodings.Web", "Microsoft.Bcl.AsyncInterfaces", "System.Buffers", "System.Memory",
            "System.Numerics.Vectors", "System.Runtime.CompilerServices.Unsafe", "System.Threading.Tasks.Extensions",
        };

        private static readonly string Folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        public void OnImport()
        {
#if !NET8_0_OR_GREATER
            AppDomain.CurrentDomain.AssemblyResolve += ResolveShipped;
            // 3072 = Tls12, 12288 = Tls13 (the enum members are missing from older reference assemblies).
            ServicePointManager.SecurityProtocol |= (SecurityProtocolType)3072 | (SecurityProtocolType)12288;
#endif
        }

        public void OnRemove(PSModuleInfo module)
        {
#if !NET8_0_OR_GREATER
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveShipped;
#endif
        }

        /// <summary>
        /// Any version of a shipped assembly is answered with the copy we ship: the packages were built against
        /// different versions of the shared ones (System.Net.ServerSentEvents 9.0 and System.Text.Json 8.0.x, SPEC §5,
        /// reference different System.Memory and Bcl versions), and .NET Framework has no binding redirects for a module.
        /// </summary>
        internal static Assembly? ResolveShipped(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (name is null || Array.IndexOf(Shipped, name) < 0) return null;
            var path = Path.Combine(Folder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
