using System;
using System.IO;

namespace VivgridPS.Tests
{
    /// <summary>
    /// Where the tests find the repository and their copied fixtures. The repository is found by walking up from the
    /// test binaries to the folder holding VivgridPS.sln, so it works from any worktree and any build output folder.
    /// </summary>
    internal static class TestPaths
    {
        public static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "VivgridPS.sln"))) return dir.FullName;
            }
            throw new DirectoryNotFoundException("No VivgridPS.sln above " + AppContext.BaseDirectory + ".");
        }

        /// <summary>A file under the Fixtures folder copied beside the test binaries.</summary>
        public static string Fixture(params string[] parts) =>
            Path.Combine(AppContext.BaseDirectory, "Fixtures", Path.Combine(parts));
    }
}
