using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace VivgridPS.Desktop
{
    /// <summary>
    /// The AssemblyResolve answer for Windows PowerShell 5.1, where a module gets no binding redirects: .NET Framework
    /// asks when it cannot bind a reference (our folder is not the application's). It answers only for the assemblies
    /// the module ships, only with the copy in the module's own folder, and only when that copy is at least the version
    /// asked for (a lower one would fail later with MissingMethodException, and other modules may ask for these names).
    /// </summary>
    internal sealed class ModuleAssemblyResolver
    {
        /// <summary>The dependencies bin/netstandard2.0 ships besides VivgridPS.dll (build.ps1 $shipped; Desktop.Tests.ps1 checks both agree).</summary>
        public static readonly string[] ShippedNames =
        {
            "VivgridPS.Core", "System.Net.ServerSentEvents", "Microsoft.ML.Tokenizers.Data.O200kBase",
            "System.Text.Json", "System.Text.Encodings.Web", "Microsoft.Bcl.AsyncInterfaces", "System.Buffers", "System.Memory",
            "System.Numerics.Vectors", "System.Runtime.CompilerServices.Unsafe", "System.Threading.Tasks.Extensions",
        };

        private readonly string _folder;
        private readonly string[] _names;
        private readonly ConcurrentDictionary<string, AssemblyName?> _shipped = new ConcurrentDictionary<string, AssemblyName?>(StringComparer.OrdinalIgnoreCase);

        public ModuleAssemblyResolver(string folder, string[]? names = null)
        {
            _folder = folder;
            _names = names ?? ShippedNames;
        }

        public string Folder => _folder;

        /// <summary>The file in the module folder that satisfies the request, or null when the module should not answer.</summary>
        public string? Choose(AssemblyName requested)
        {
            string? name = requested.Name;
            if (name is null || Array.IndexOf(_names, name) < 0) return null;
            AssemblyName? shipped = _shipped.GetOrAdd(name, ReadShipped);
            if (shipped is null) return null;
            if (requested.Version != null && shipped.Version != null && shipped.Version < requested.Version) return null;
            if (!SameKey(requested.GetPublicKeyToken(), shipped.GetPublicKeyToken())) return null;
            return Path.Combine(_folder, name + ".dll");
        }

        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? path = Choose(new AssemblyName(args.Name));
            return path is null ? null : Assembly.LoadFrom(path);
        }

        private AssemblyName? ReadShipped(string name)
        {
            string path = Path.Combine(_folder, name + ".dll");
            // Reads the identity from the file without loading it.
            return File.Exists(path) ? AssemblyName.GetAssemblyName(path) : null;
        }

        // A request without a token (a partial name) accepts any; one with a token must match the shipped signature.
        private static bool SameKey(byte[]? requested, byte[]? shipped)
        {
            if (requested is null || requested.Length == 0) return true;
            if (shipped is null || shipped.Length != requested.Length) return false;
            for (int i = 0; i < requested.Length; i++)
            {
                if (requested[i] != shipped[i]) return false;
            }

            return true;
        }
    }
}
