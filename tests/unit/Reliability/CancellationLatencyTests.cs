using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Tests.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace VivgridPS.Tests.Reliability;

/// <summary>Ctrl+C must stop a stalled stream at once: the socket read is abandoned, not waited out.</summary>
public sealed class CancellationLatencyTests : IClassFixture<EmulatorFixture>
{
    private static readonly string[] Pieces = { "First ", "second ", "third" };

    /// <summary>
    /// Single-shot checks separate "the cancel was honoured" from "the call waited out the stall, the 5 s
    /// Retry-After or the 10 s first byte"; they are not latency targets (those are the 20-run median here and the
    /// Bench task), so the bound leaves room for a busy 2-core CI runner.
    /// </summary>
    private static readonly TimeSpan PromptBound = TimeSpan.FromSeconds(1);
    private readonly EmulatorFixture _emulator;
    private readonly ITestOutputHelper _output;

    public CancellationLatencyTests(EmulatorFixture emulator, ITestOutputHelper output)
    {
        _emulator = emulator;
        _output = output;
    }

    [Fact]
    public async Task Cancel_during_a_stalled_stream_returns_within_250_ms_median_over_20_runs()
    {
        var latencies = new List<double>();
        for (var run = 0; run < 20; run++)
        {
            _emulator.Server.State.Reset();
            _emulator.Server.State.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "stall", AfterChunks = 1 });
            var runner = RunnerHarness.Runner(_emulator.Server.BaseUri);
            using var cts = new CancellationTokenSource();
            await using var events = runner.RunAsync(RunnerHarness.Request(), cts.Token).GetAsyncEnumerator(cts.Token);
            await FirstDeltaAsync(events);

            var pending = events.MoveNextAsync().AsTask();
            await Task.Delay(50);
            Assert.False(pending.IsCompleted, "the stream should be stalled");
            var clock = Stopwatch.StartNew();
            cts.Cancel();
            var thrown = await Record.ExceptionAsync(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
            clock.Stop();
            Assert.IsAssignableFrom<OperationCanceledException>(thrown);
            Assert.Equal("First ", runner.Partial!.Content);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        var median = (latencies[9] + latencies[10]) / 2;
        var p95 = latencies[18];
        _output.WriteLine($"cancel→return ms: median {median:0.0}, p95 {p95:0.0}, max {latencies[19]:0.0}; all: {string.Join(", ", latencies.Select(l => l.ToString("0.0")))}");
        Assert.True(median < 250, $"median {median} ms");
    }

    public static TheoryData<string> WaitingPhases => new TheoryData<string> { "waiting for the first byte", "waiting out a 5 s Retry-After", "reading a stalled JSON body" };

    [Theory]
    [MemberData(nameof(WaitingPhases))]
    public async Task Cancel_while_waiting_returns_promptly(string phase)
    {
        var state = _emulator.Server.State;
        state.Reset();
        var stream = true;
        switch (phase)
        {
            case "waiting for the first byte":
                state.Enqueue(new ScriptedReply { FirstByteDelayMs = 10_000, Content = "late" });
                break;
            case "waiting out a 5 s Retry-After":
                state.Enqueue(new ScriptedReply { Status = 429, Headers = new() { ["Retry-After"] = "5" } });
                break;
            default:
                state.Enqueue(new ScriptedReply { Content = "A long enough answer to split in half", Fault = "stall" });
                stream = false;
                break;
        }
        using var cts = new CancellationTokenSource();
        var run = RunnerHarness.RunAsync(RunnerHarness.Runner(_emulator.Server.BaseUri), RunnerHarness.Request(stream: stream), cts.Token);
        await Task.Delay(300);
        Assert.False(run.IsCompleted, "the call should still be waiting");
        var clock = Stopwatch.StartNew();
        cts.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(5));
        clock.Stop();
        _output.WriteLine($"{phase}: cancel→return {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.IsAssignableFrom<OperationCanceledException>(result.Failure);
        Assert.True(clock.Elapsed < PromptBound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Queue_cancel_wakes_a_consumer_blocked_in_TryTake_with_the_queue_token()
    {
        _emulator.Server.State.Reset();
        _emulator.Server.State.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "stall", AfterChunks = 1 });
        using var queue = new OrderedCallQueue(2);
        var runner = RunnerHarness.Runner(_emulator.Server.BaseUri);
        var call = queue.Enqueue("only", t => runner.RunAsync(RunnerHarness.Request(), t));
        await WaitForDeltaAsync(call, queue.Token);

        var blocked = Task.Factory.StartNew(() => call.TryTake(out _, TimeSpan.FromSeconds(10), queue.Token), TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        Assert.False(blocked.IsCompleted);
        var clock = Stopwatch.StartNew();
        queue.Cancel();
        var thrown = await Record.ExceptionAsync(() => blocked.WaitAsync(TimeSpan.FromSeconds(5)));
        clock.Stop();
        _output.WriteLine($"queue cancel→TryTake returned in {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.True(clock.Elapsed < PromptBound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Queue_cancel_ends_the_running_call_so_a_consumer_without_the_token_drains_promptly()
    {
        _emulator.Server.State.Reset();
        _emulator.Server.State.Enqueue(new ScriptedReply { Chunks = Pieces, Fault = "stall", AfterChunks = 1 });
        var queue = new OrderedCallQueue(1);
        var runner = RunnerHarness.Runner(_emulator.Server.BaseUri);
        var call = queue.Enqueue("only", t => runner.RunAsync(RunnerHarness.Request(), t));
        await WaitForDeltaAsync(call, CancellationToken.None);

        // A dedicated thread, like the pipeline thread that drains calls in the cmdlet.
        var drained = Task.Factory.StartNew(() =>
        {
            while (call.TryTake(out _, TimeSpan.FromSeconds(10), CancellationToken.None)) { }
            return call.IsDrained;
        }, TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        var clock = Stopwatch.StartNew();
        queue.Cancel();
        Assert.True(await drained.WaitAsync(TimeSpan.FromSeconds(5)));
        clock.Stop();
        _output.WriteLine($"queue cancel→call drained in {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.IsAssignableFrom<OperationCanceledException>(call.Failure);
        Assert.Equal("First ", runner.Partial!.Content);
        Assert.True(clock.Elapsed < PromptBound, $"took {clock.Elapsed}");
        queue.Dispose();
    }

    [Fact]
    public async Task Disposing_the_queue_right_after_enqueue_still_completes_every_call()
    {
        var queue = new OrderedCallQueue(1);
        var calls = Enumerable.Range(0, 5)
            .Select(i => queue.Enqueue(i, t => RunnerHarness.Runner(_emulator.Server.BaseUri).RunAsync(RunnerHarness.Request("p" + i), t)))
            .ToList();
        queue.Dispose();
        foreach (var call in calls)
        {
            var done = await Task.Run(() =>
            {
                var clock = Stopwatch.StartNew();
                while (!call.IsDrained && clock.Elapsed < TimeSpan.FromSeconds(5)) call.TryTake(out _, TimeSpan.FromMilliseconds(50), CancellationToken.None);
                return call.IsDrained;
            });
            Assert.True(done, "a call never completed after Dispose");
        }
    }

    private static async Task FirstDeltaAsync(IAsyncEnumerator<ChatEvent> events)
    {
        while (await events.MoveNextAsync())
        {
            if (events.Current.Kind == ChatEventKind.Delta) return;
        }
        throw new InvalidOperationException("no delta arrived");
    }

    private static Task WaitForDeltaAsync(QueuedCall call, CancellationToken token) => Task.Run(() =>
    {
        while (call.TryTake(out var e, TimeSpan.FromSeconds(5), token))
        {
            if (e!.Kind == ChatEventKind.Delta) return;
        }
        throw new InvalidOperationException("no delta arrived");
    });
}
