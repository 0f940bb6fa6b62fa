namespace VivgridPS.Benchmarks;

/// <summary>The shared realdata folder: VIVGRID_REALDATA, else ../shared/realdata beside the folder holding VivgridPS.sln.</summary>
public static class RealData
{
    public static string Folder { get; } = Resolve();

    private static string Resolve()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("VIVGRID_REALDATA");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "VivgridPS.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "realdata"));
            }
        }

        throw new DirectoryNotFoundException("realdata not found: set VIVGRID_REALDATA.");
    }
}
