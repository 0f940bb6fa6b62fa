using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace VivgridPS.Tests
{
    /// <summary>
    /// Locates the recorded real traffic (tests/fixtures/realdata in the repository) and its expected facts.
    /// </summary>
    public static class RealData
    {
        private static readonly Lazy<string> DirectoryPath = new Lazy<string>(FindDirectory);
        private static readonly Lazy<JsonDocument> ExpectedDocument =
            new Lazy<JsonDocument>(() => JsonDocument.Parse(File.ReadAllBytes(Path("expected.json"))));

        public static string Directory => DirectoryPath.Value;

        public static string Path(string file) => System.IO.Path.Combine(Directory, file);

        /// <summary>The expected facts of one recording (expected.json → recordings[file]).</summary>
        public static JsonElement Expected(string file)
        {
            if (!Recordings.TryGetProperty(file, out JsonElement facts))
            {
                throw new KeyNotFoundException("expected.json has no recording named " + file);
            }

            return facts;
        }

        /// <summary>File names of all recordings of one kind (chat-stream, responses-stream, chat, responses, error, models).</summary>
        public static IReadOnlyList<string> FilesOfKind(string kind)
            => Recordings.EnumerateObject()
                .Where(p => p.Value.GetProperty("kind").GetString() == kind)
                .Select(p => p.Name)
                .ToList();

        public static byte[] Bytes(string file) => File.ReadAllBytes(Path(file));

        private static JsonElement Recordings => ExpectedDocument.Value.RootElement.GetProperty("recordings");

        private static string FindDirectory()
        {
            string root = TestPaths.RepoRoot();
            string candidate = System.IO.Path.Combine(root, "tests", "fixtures", "realdata");
            if (System.IO.Directory.Exists(candidate)) return candidate;
            throw new DirectoryNotFoundException("Found VivgridPS.sln in " + root + " but no tests/fixtures/realdata in it.");
        }
    }
}
