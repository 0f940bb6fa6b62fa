using System;
using System.Diagnostics;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Tests.Emulator;
using VivgridPS.Tests.Streaming;
using Xunit;

namespace VivgridPS.Tests.Reliability;

/// <summary>
/// A high-effort reasoning call opens its stream and then sends nothing for minutes before the first delta. The
/// default idle timeout (600 s, OpenAI's own SDKs' read timeout) must let such a call live while still failing a
/// connection that went dead. Times are scaled down 1:200, so 600 s is 3 s and the old 120 s default is 0.6 s.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class SilentReasoningTests : IClassFixture<EmulatorFixture>
{
    private const double Scale = 200;
    private static readonly TimeSpan DefaultIdle = Scaled(ChatCallOptions.DefaultIdleTimeoutSeconds);
    private static readonly TimeSpan OldDefaultIdle = Scaled(120);
    /// <summary>Three minutes of silence: longer than the old default, well inside the new one.</summary>
    private static readonly int SilenceMs = (int)Scaled(180).TotalMilliseconds;

    private readonly EmulatorFixture _emulator;

    public SilentReasoningTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        emulator.Server.State.Reset();
    }

    private static TimeSpan Scaled(int seconds) => TimeSpan.FromMilliseconds(seconds * 1000 / Scale);

    private ChatRunner Runner(TimeSpan idle) =>
        RunnerHarness.Runner(_emulator.Server.BaseUri, maxRetries: 0, firstByteTimeout: idle, options: new ChatCallOptions { IdleTimeout = idle });

    [Theory]
    [InlineData(ChatApi.Chat)]
    [InlineData(ChatApi.Responses)]
    public async Task A_silence_longer_than_the_old_default_survives_the_default_idle_timeout(ChatApi api)
    {
        _emulator.Server.State.Enqueue(new ScriptedReply { ReasoningContent = "Thinking hard", Content = "The answer is 42.", SilenceMs = SilenceMs });
        var clock = Stopwatch.StartNew();
        var result = await RunnerHarness.RunAsync(Runner(DefaultIdle), RunnerHarness.Request(api: api));
        Assert.Null(result.Failure);
        Assert.Equal("The answer is 42.", result.Text);
        Assert.Empty(result.Retries);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(SilenceMs), "the emulator stayed silent for the scripted time");
    }

    [Fact]
    public async Task The_old_120_s_default_would_have_killed_the_same_call()
    {
        _emulator.Server.State.Enqueue(new ScriptedReply { Content = "The answer is 42.", SilenceMs = SilenceMs });
        var result = await RunnerHarness.RunAsync(Runner(OldDefaultIdle), RunnerHarness.Request());
        Assert.NotNull(result.Failure);
        Assert.Equal(string.Empty, result.Text);
    }

    [Fact]
    public async Task A_dead_connection_is_still_detected_after_the_default_idle_timeout()
    {
        _emulator.Server.State.Enqueue(new ScriptedReply { Content = "never arrives", Fault = "stall", AfterChunks = 0 });
        var clock = Stopwatch.StartNew();
        var result = await RunnerHarness.RunAsync(Runner(DefaultIdle), RunnerHarness.Request());
        var failure = Assert.IsType<VivgridException>(result.Failure);
        Assert.Contains("stalled", failure.Message);
        Assert.True(clock.Elapsed >= DefaultIdle - TimeSpan.FromMilliseconds(100), $"failed after {clock.Elapsed}, before the idle timeout");
    }
}
