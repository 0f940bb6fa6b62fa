using System;
using System.Diagnostics;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Tests.Streaming;
using Xunit;
using Xunit.Abstractions;

namespace VivgridPS.Tests.Hostile;

/// <summary>
/// The measurement: a 400 MB line with no newline once grew the process past 1 GB. Run alone (no other test
/// allocating meanwhile), so the bytes allocated during the call bound how far the managed heap can have grown.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class LongLineMemoryTests
{
    private readonly ITestOutputHelper _output;

    public LongLineMemoryTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_400_MB_line_without_a_newline_stops_at_the_event_cap_and_memory_stays_near_it()
    {
        const long LineBytes = 400L * 1024 * 1024;
        var body = new GeneratedStream(Wire.Chunk("Hello") + "data: ", 'x', LineBytes);
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(body));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await HostileResponseTests.Run(handler);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        HostileResponseTests.Typed(result, VivgridErrorId.ResponseTooLarge);
        Assert.Equal("Hello", HostileResponseTests.Partial(result).Content);
        long cap = ResponseLimits.DefaultMaxEventBytes;
        _output.WriteLine($"cap {cap / 1048576} MiB; read {body.BytesRead / 1048576.0:F1} MiB of {LineBytes / 1048576} MiB; " +
                          $"allocated {allocated / 1048576.0:F1} MiB in {clock.ElapsedMilliseconds} ms");
        Assert.True(body.BytesRead < cap + 1024 * 1024, $"read {body.BytesRead} bytes: reading did not stop at the cap");
        Assert.True(allocated < 5 * cap, $"allocated {allocated / 1048576.0:F1} MiB for a cap of {cap / 1048576} MiB");
    }
}
