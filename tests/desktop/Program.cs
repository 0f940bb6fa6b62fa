using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

namespace VivgridPS.DesktopCheck
{
    /// <summary>
    /// Usage: VivgridPS.DesktopCheck &lt;module bin folder&gt; &lt;emulator URL&gt; &lt;recordings folder&gt; &lt;work folder&gt;.
    /// Writes one line per fact to stdout ("section: text"), identical on every runtime when the core behaves the same;
    /// what may differ (runtime, paths) goes to stderr. Exit code 0 when every section ran.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 4)
            {
                Console.Error.WriteLine("usage: VivgridPS.DesktopCheck <module bin folder> <emulator URL> <recordings folder> <work folder>");
                return 2;
            }

            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
            string folder = Path.GetFullPath(args[0]);
            UseModuleResolver(folder);
            Console.Error.WriteLine("runtime: " + RuntimeName());
            return Run(args[1], args[2], args[3]);
        }

        // The module's own ModuleAssemblyResolver (in VivgridPS.dll; the class needs no PowerShell types) answers every
        // load, as it does under Windows PowerShell 5.1: nothing the core needs is beside this program.
        private static void UseModuleResolver(string folder)
        {
            Assembly module = Assembly.LoadFrom(Path.Combine(folder, "VivgridPS.dll"));
            Type type = module.GetType("VivgridPS.Desktop.ModuleAssemblyResolver", throwOnError: true)!;
            object resolver = Activator.CreateInstance(type, folder, null)!;
            var handler = (ResolveEventHandler)Delegate.CreateDelegate(typeof(ResolveEventHandler), resolver, "Resolve");
            AppDomain.CurrentDomain.AssemblyResolve += handler;
        }

        // Separate so no core type is touched before the resolver is in place.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Run(string emulator, string recordings, string work)
        {
            // The module's TLS set-up as OnImport runs it; runtimes differ here, so it goes to stderr.
#pragma warning disable SYSLIB0014 // ServicePointManager: obsolete on .NET, the setting .NET Framework and Mono use.
            var before = System.Net.ServicePointManager.SecurityProtocol;
            var after = VivgridPS.Core.Http.TlsProtocolSetup.Apply();
            Console.Error.WriteLine("tls: " + (int)before + " -> " + (int)after);
            // From Windows PowerShell 5.1's start (SSL 3 | TLS 1.0 = 48 | 192; Mono accepts only TLS 1.0 of those).
            System.Net.ServicePointManager.SecurityProtocol = (System.Net.SecurityProtocolType)192;
            Console.Error.WriteLine("tls-legacy: 192 -> " + (int)VivgridPS.Core.Http.TlsProtocolSetup.Apply());
            System.Net.ServicePointManager.SecurityProtocol = before;
#pragma warning restore SYSLIB0014
            var output = new CheckOutput(Console.Out);
            CoreChecks.Run(output, new Uri(emulator), recordings, work);
            foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                Console.Error.WriteLine("loaded: " + loaded.GetName().Name + " " + loaded.GetName().Version + " " + SafeLocation(loaded));
            }

            return output.Failures == 0 ? 0 : 1;
        }

        private static string SafeLocation(Assembly assembly)
        {
            try { return assembly.IsDynamic ? "(dynamic)" : assembly.Location; }
            catch (NotSupportedException) { return "(unknown)"; }
        }

        private static string RuntimeName()
        {
            Type? mono = Type.GetType("Mono.Runtime");
            if (mono != null)
            {
                var display = mono.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static);
                return "Mono " + display?.Invoke(null, null);
            }

            return System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
        }
    }
}
