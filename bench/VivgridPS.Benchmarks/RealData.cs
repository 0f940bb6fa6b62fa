namespace VivgridPS.Benchmarks;

/// <summary>The recorded real traffic: tests/fixtures/realdata in the folder holding VivgridPS.sln.</summary>
public static class RealData
{
    public static string Folder { get; } = Resolve();

    private static string Resolve()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "VivgridPS.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "fixtures", "realdata");
            }
        }

        throw new DirectoryNotFoundException("No VivgridPS.sln above " + AppContext.BaseDirectory + ".");
    }
}
