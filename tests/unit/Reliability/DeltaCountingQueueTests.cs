using System;
using System.Collections.Generic;
using System.Threading;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Tests.Emulator;
using Xunit;

namespace VivgridPS.Tests.Reliability;

/// <summary>
/// OrderedCallQueue with deliverDeltas: false (Invoke-VivgridChat without -Stream) counts deltas on the call and
/// hands over only the other events; the completion still carries the whole text.
/// </summary>
public sealed class DeltaCountingQueueTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public DeltaCountingQueueTests(EmulatorFixture emulator) => _emulator = emulator;

    private static List<ChatEvent> Drain(QueuedCall call)
    {
        var events = new List<ChatEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!call.IsDrained && DateTime.UtcNow < deadline)
        {
            if (call.TryTake(out var e, TimeSpan.FromMilliseconds(100), CancellationToken.None)) events.Add(e!);
        }
        Assert.True(call.IsDrained, "the call never finished");
        return events;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Deltas_are_delivered_or_only_counted(bool deliverDeltas)
    {
        _emulator.Server.State.Reset();
        _emulator.Server.State.Enqueue(new ScriptedReply { Chunks = new[] { "one ", "two ", "three" } });
        using var queue = new OrderedCallQueue(1, deliverDeltas);
        var call = queue.Enqueue("only", t => RunnerHarness.Runner(_emulator.Server.BaseUri).RunAsync(RunnerHarness.Request(), t));

        var events = Drain(call);

        Assert.Null(call.Failure);
        var deltas = events.FindAll(e => e.Kind == ChatEventKind.Delta);
        Assert.Equal(deliverDeltas ? 3 : 0, deltas.Count);
        Assert.Equal(deliverDeltas ? 0 : 3, call.DeltasCounted);
        var completed = Assert.Single(events, e => e.Kind == ChatEventKind.Completed);
        Assert.Equal("one two three", completed.Completion!.Content);
    }

    [Fact]
    public void Retry_notices_still_arrive_when_deltas_are_only_counted()
    {
        _emulator.Server.State.Reset();
        _emulator.Server.State.Enqueue(new ScriptedReply { Status = 503 });
        _emulator.Server.State.Enqueue(new ScriptedReply { Chunks = new[] { "ok" } });
        using var queue = new OrderedCallQueue(1, deliverDeltas: false);
        var call = queue.Enqueue("only", t => RunnerHarness.Runner(_emulator.Server.BaseUri).RunAsync(RunnerHarness.Request(), t));

        var events = Drain(call);

        Assert.Single(events, e => e.Kind == ChatEventKind.Retry);
        Assert.Equal(1, call.DeltasCounted);
        Assert.Equal(ChatEventKind.Completed, events[events.Count - 1].Kind);
    }
}
