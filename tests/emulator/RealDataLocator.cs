namespace VivgridEmulator;

/// <summary>Finds the shared real-data folder: VIVGRID_REALDATA, else ../shared/realdata beside the repo root.</summary>
public static class RealDataLocator
{
    public static string Resolve()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("VIVGRID_REALDATA");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        // Walk up from the running binaries to the folder holding VivgridPS.sln; bin/obj depth varies by host.
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VivgridPS.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "realdata"));
            }
        }

        throw new DirectoryNotFoundException("No VivgridPS.sln above " + AppContext.BaseDirectory + "; set VIVGRID_REALDATA.");
    }
}
