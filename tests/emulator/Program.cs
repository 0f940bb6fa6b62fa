using System.Globalization;
using VivgridEmulator;

// Process mode: dotnet VivgridEmulator.dll [--port N] [--latency-ms N] [--rate-limit N] [--realdata DIR]
// The first stdout line is the contract with build.ps1 and the Pester tests; the server then runs until killed.
var options = new EmulatorOptions();
for (int i = 0; i < args.Length; i++)
{
    string name = args[i];
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (name)
    {
        case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535:
            options.Port = port;
            i++;
            break;
        case "--latency-ms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int latency):
            options.LatencyMs = latency;
            i++;
            break;
        case "--rate-limit" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int perSecond):
            options.RateLimitPerSecond = perSecond;
            i++;
            break;
        case "--realdata" when value is not null:
            options.RealDataPath = Path.GetFullPath(value);
            i++;
            break;
        default:
            Console.Error.WriteLine($"Unknown or invalid argument '{name}'. Usage: VivgridEmulator [--port N] [--latency-ms N] [--rate-limit N] [--realdata DIR]");
            return 2;
    }
}

await using EmulatorServer server = await EmulatorServer.StartAsync(options, processMode: true);
Console.Out.WriteLine("VIVGRID_EMULATOR_URL=" + server.BaseUri.AbsoluteUri.TrimEnd('/'));
Console.Out.Flush();
await server.WaitForShutdownAsync();
return 0;
