using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CsCheck;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Tests.Emulator;
using Xunit;

namespace VivgridPS.Tests.Reliability;

/// <summary>
/// Random fault scripts: whatever happens, a call either completes with the whole answer or fails with a typed
/// error (or a cancel), and never shows text that is not a prefix of what the service was scripted to say.
/// </summary>
public sealed class RandomFaultPropertyTests : IClassFixture<EmulatorFixture>
{
    private static readonly string[] Pieces = { "Alpha ", "beta ", "gamma ", "delta ", "epsilon" };
    private static readonly string Full = string.Concat(Pieces);
    private readonly EmulatorFixture _emulator;

    public RandomFaultPropertyTests(EmulatorFixture emulator) => _emulator = emulator;

    private static readonly Gen<ScriptedReply> Fault = Gen.OneOf(
        Gen.OneOf(408, 409, 429, 500, 502, 503, 504, 400, 401, 403, 404, 422).Select(s => new ScriptedReply { Status = s }),
        Gen.Const(0).Select(_ => new ScriptedReply { Fault = "reset" }),
        Gen.Int[0, 5].Select(n => new ScriptedReply { Chunks = Pieces, Fault = "disconnect", AfterChunks = n }),
        Gen.Int[0, 3].Select(n => new ScriptedReply { Chunks = Pieces, Fault = "stall", AfterChunks = n }),
        Gen.Int[0, 20].Select(ms => new ScriptedReply { Chunks = Pieces, FirstByteDelayMs = ms }),
        Gen.Int[0, 20].Select(ms => new ScriptedReply { Chunks = Pieces, ChunkDelayMs = ms }),
        Gen.Int[0, 20].Select(ms => new ScriptedReply { Status = 503, Headers = new() { ["retry-after-ms"] = ms.ToString() } }));

    [Fact]
    public async Task Random_fault_scripts_complete_fully_or_fail_typed_and_never_show_foreign_text()
    {
        var gen = Gen.Select(Fault.List[0, 4], Gen.Bool, Gen.Int[0, 3]);
        var outcomes = new Dictionary<string, int>();
        await gen.SampleAsync(async (faults, stream, maxRetries) =>
        {
            var state = _emulator.Server.State;
            state.Reset();
            foreach (var f in faults) state.Enqueue(f);
            state.Enqueue(new ScriptedReply { Chunks = Pieces, Repeat = 10 });
            var runner = RunnerHarness.Runner(_emulator.Server.BaseUri, maxRetries: maxRetries,
                firstByteTimeout: TimeSpan.FromSeconds(2),
                options: new ChatCallOptions { IdleTimeout = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(10) });
            var result = await RunnerHarness.RunAsync(runner, RunnerHarness.Request("go", stream));

            Assert.StartsWith(result.Text, Full);
            if (result.Failure is null)
            {
                Assert.Equal(Full, result.Text);
                Assert.Equal(Full, result.Outcome!.Completion!.Content);
                Assert.True(result.Outcome.Retries <= maxRetries);
                Count(outcomes, "completed");
            }
            else
            {
                Assert.True(result.Failure is VivgridException || result.Failure is OperationCanceledException,
                    $"untyped failure: {result.Failure}");
                if (result.Partial is { } partial)
                {
                    Assert.Equal(VivgridErrorId.StreamInterrupted, Assert.IsType<VivgridException>(result.Failure).ErrorId);
                    Assert.Equal(result.Text, partial.Completion!.Content);
                }
                Count(outcomes, ((VivgridException)result.Failure).ErrorId);
            }
            Assert.True(result.Retries.Count <= maxRetries);
            Assert.Equal(result.Retries.Count + 1, state.Requests.Count);
        }, iter: 50, threads: 1);
        Assert.True(outcomes.ContainsKey("completed"), string.Join(", ", outcomes.Select(o => o.Key + "=" + o.Value)));
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
}
