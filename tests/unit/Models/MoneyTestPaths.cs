using System;
using System.IO;

namespace VivgridPS.Tests.Models
{
    /// <summary>Locates shared/realdata (beside the repo) and the copied test fixtures.</summary>
    internal static class MoneyTestPaths
    {
        public static string RealData(string fileName)
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "VivgridPS.sln"))) dir = dir.Parent;
            if (dir == null) throw new DirectoryNotFoundException("VivgridPS.sln not found above " + AppContext.BaseDirectory);
            string path = Path.Combine(dir.FullName, "..", "shared", "realdata", fileName);
            if (!File.Exists(path)) throw new FileNotFoundException("Real data file missing", path);
            return path;
        }

        public static string Fixture(params string[] parts) =>
            Path.Combine(AppContext.BaseDirectory, "Fixtures", Path.Combine(parts));
    }
}
