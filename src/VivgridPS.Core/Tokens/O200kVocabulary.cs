using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace VivgridPS.Core.Tokens
{
    /// <summary>
    /// Loads the o200k_base ranks (token bytes → rank) from the Microsoft.ML.Tokenizers.Data.O200kBase package, a
    /// deflate-compressed resource: a "Capacity: N" header, then one base64 token per line whose rank is its line index.
    /// The original tiktoken form ("base64 rank" per line) is accepted too. Read once, on first use.
    /// </summary>
    internal static class O200kVocabulary
    {
        private const string AssemblyName = "Microsoft.ML.Tokenizers.Data.O200kBase";
        private const string ResourceName = "o200k_base.tiktoken.deflate";

        public static Dictionary<ReadOnlyMemory<byte>, int> Load()
        {
            using var resource = DataAssembly().GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException("The o200k_base vocabulary resource is missing from " + AssemblyName + ".");
            using var inflated = new DeflateStream(resource, CompressionMode.Decompress);
            using var reader = new StreamReader(inflated, Encoding.ASCII);
            var ranks = new Dictionary<ReadOnlyMemory<byte>, int>(210_000, ByteSequenceComparer.Instance);
            string? line;
            int nextRank = 0;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
                int space = line.IndexOf(' ');
                int rank = space > 0 ? int.Parse(line.Substring(space + 1), System.Globalization.CultureInfo.InvariantCulture) : nextRank;
                ranks[Convert.FromBase64String(space > 0 ? line.Substring(0, space) : line)] = rank;
                nextRank = rank + 1;
            }
            if (ranks.Count < 199_000) throw new InvalidDataException("The o200k_base vocabulary is incomplete (" + ranks.Count + " tokens).");
            return ranks;
        }

        // By name first (the host's resolver, as Microsoft.ML.Tokenizers itself would); then beside this assembly, which is
        // where the module ships it when no resolver answers.
        private static Assembly DataAssembly()
        {
            try
            {
                return Assembly.Load(new AssemblyName(AssemblyName));
            }
            catch (FileNotFoundException)
            {
                string dir = Path.GetDirectoryName(typeof(O200kVocabulary).Assembly.Location) ?? string.Empty;
                return Assembly.LoadFrom(Path.Combine(dir, AssemblyName + ".dll"));
            }
        }
    }
}
