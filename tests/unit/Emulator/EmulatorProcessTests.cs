using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Tests.Emulator;

/// <summary>Process mode as build.ps1 uses it: `dotnet VivgridEmulator.dll --port 0`, URL on the first stdout line.</summary>
public sealed class EmulatorProcessTests
{
    [Fact]
    public async Task ProcessMode_PrintsUrlFirst_AndServesModels()
    {
        string dll = typeof(EmulatorServer).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        using Process process = Process.Start(start)!;
        try
        {
            Task<string?> firstLine = process.StandardOutput.ReadLineAsync();
            Assert.True(await Task.WhenAny(firstLine, Task.Delay(TimeSpan.FromSeconds(30))) == firstLine, "no URL line within 30 s");
            string line = (await firstLine)!;
            Assert.Matches(@"^VIVGRID_EMULATOR_URL=http://127\.0\.0\.1:\d+/v1$", line);

            string baseUrl = line.Substring("VIVGRID_EMULATOR_URL=".Length);
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k");
            using JsonDocument doc = JsonDocument.Parse(await client.GetStringAsync(baseUrl + "/models"));
            Assert.Equal("list", doc.RootElement.GetProperty("object").GetString());
            Assert.True(doc.RootElement.GetProperty("data").GetArrayLength() > 0);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task ProcessMode_RejectsUnknownArgument()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(EmulatorServer).Assembly.Location);
        start.ArgumentList.Add("--bogus");
        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--bogus", error);
    }
}
