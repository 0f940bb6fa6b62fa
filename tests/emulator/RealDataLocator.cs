namespace VivgridEmulator;

/// <summary>Finds the recorded real traffic the emulator replays: tests/fixtures/realdata in the repository.</summary>
public static class RealDataLocator
{
    public static string Resolve()
    {
        // Walk up from the running binaries to the folder holding VivgridPS.sln; bin/obj depth varies by host.
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VivgridPS.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "fixtures", "realdata");
            }
        }

        throw new DirectoryNotFoundException("No VivgridPS.sln above " + AppContext.BaseDirectory + ".");
    }
}
