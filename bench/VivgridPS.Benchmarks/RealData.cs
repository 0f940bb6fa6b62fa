namespace VivgridPS.Benchmarks;

/// <summary>The recorded real traffic: tests/fixtures/realdata in the folder holding VivgridPS.sln.</summary>
public static class RealData
{
    /// <summary>The folder holding VivgridPS.sln.</summary>
    public static string Root { get; } = Resolve();

    public static string Folder { get; } = Path.Combine(Root, "tests", "fixtures", "realdata");

    private static string Resolve()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "VivgridPS.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No VivgridPS.sln above " + AppContext.BaseDirectory + ".");
    }
}
