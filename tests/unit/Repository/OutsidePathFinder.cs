using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace VivgridPS.Tests.Repository
{
    /// <summary>
    /// Finds references in a repository file to paths outside the repository root: relative paths that climb above it
    /// (resolved against the file's folder), ".." path segments passed to Path.Combine / Join-Path (taken as climbing
    /// from the root, where the tests' paths start), and known outside locations (the workplace's shared folder).
    /// </summary>
    public static class OutsidePathFinder
    {
        // "../x", "..\x", "../../x": not part of "..." (an ellipsis in prose) and not inside a word.
        private static readonly Regex SlashPath = new Regex(@"(?<![\w.~$])((?:\.\.[/\\])+[^\s""'`,;)\]}<>|*]*)", RegexOptions.Compiled);

        // "..", as one argument of a path-combining call: Path.Combine(root, "..", "x") or Join-Path $root '..'.
        private static readonly Regex DotDotSegment = new Regex(@"([""'])\.\.\1(?=\s*[,)\s])", RegexOptions.Compiled);

        private static readonly Regex KnownOutside = new Regex(@"(?<![\w.])/work/|shared[/\\]realdata|[""']shared[""']\s*,\s*[""']realdata[""']",
            RegexOptions.Compiled | RegexOptions.IgnoreCase);

        /// <summary>The offending references in <paramref name="text"/>, a file in <paramref name="folder"/> (relative to the root).</summary>
        public static IReadOnlyList<string> Find(string text, string folder)
        {
            var found = new List<string>();
            foreach (Match m in SlashPath.Matches(text))
            {
                if (Climbs(folder, m.Groups[1].Value)) found.Add(Describe(text, m, "climbs above the repository root"));
            }
            foreach (Match m in DotDotSegment.Matches(text))
            {
                found.Add(Describe(text, m, "passes '..' as a path segment"));
            }
            foreach (Match m in KnownOutside.Matches(text))
            {
                found.Add(Describe(text, m, "names a folder outside the repository"));
            }
            return found;
        }

        /// <summary>Whether <paramref name="relative"/>, resolved against <paramref name="folder"/>, leaves the root.</summary>
        public static bool Climbs(string folder, string relative)
        {
            int depth = folder.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries).Length;
            foreach (string part in relative.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "..") depth--;
                else if (part != ".") depth++;
                if (depth < 0) return true;
            }
            return false;
        }

        /// <summary>The build, test and bench files of the repository (generated output and recorded data excluded).</summary>
        public static IEnumerable<string> FilesToCheck(string root)
        {
            var top = new[] { "build.ps1", "VivgridPS.sln", "Directory.Build.props", Path.Combine(".ci", "run"), Path.Combine(".config", "dotnet-tools.json") }
                .Select(f => Path.Combine(root, f)).Where(File.Exists);
            var inFolders = new[] { "tests", "bench", "src" }
                .Select(d => Path.Combine(root, d))
                .Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
                .Where(f => IsChecked(Path.GetRelativePath(root, f)));
            return top.Concat(inFolders);
        }

        private static bool IsChecked(string relative)
        {
            string[] parts = relative.Split(Path.DirectorySeparatorChar, '/');
            if (parts.Any(p => p is "bin" or "obj" or "node_modules" or "out")) return false;
            if (relative.Replace('\\', '/').StartsWith("tests/fixtures/", StringComparison.Ordinal)) return false;
            if (relative.Replace('\\', '/').StartsWith("tests/unit/Fixtures/", StringComparison.Ordinal)) return false;
            // Only src's build files: its code is the product, not a build, test or bench file.
            if (parts[0] == "src") return relative.EndsWith(".csproj", StringComparison.Ordinal) || relative.EndsWith(".ps1", StringComparison.Ordinal);
            string ext = Path.GetExtension(relative);
            return ext is ".cs" or ".ps1" or ".psm1" or ".psd1" or ".csproj" or ".props" or ".targets" or ".json" or ".js" or ".mjs" or ".sh" or ".md";
        }

        private static string Describe(string text, Match m, string why)
        {
            int line = 1 + text.Take(m.Index).Count(c => c == '\n');
            return $"line {line}: '{m.Value}' {why}";
        }
    }
}
