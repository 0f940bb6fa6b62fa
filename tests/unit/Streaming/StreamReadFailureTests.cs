using System;
using System.IO;
using System.Threading;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Streaming;
using Xunit;

namespace VivgridPS.Tests.Streaming;

/// <summary>What a failed read of a streamed answer becomes, for the SSE and the compact reader alike.</summary>
public sealed class StreamReadFailureTests
{
    private static VivgridException Stall() =>
        new VivgridException(VivgridErrorId.Timeout, VivgridErrorKind.Timeout, "The stream stalled: no data for 1 s.");

    [Fact]
    public void Only_a_broken_connection_or_the_idle_timeout_is_translated()
    {
        Assert.True(StreamReadFailure.Applies(new IOException("reset")));
        Assert.True(StreamReadFailure.Applies(Stall()));
        Assert.False(StreamReadFailure.Applies(ResponseFaults.TooLarge("one streamed event", 10, "bytes")));
        Assert.False(StreamReadFailure.Applies(new InvalidOperationException()));
        Assert.False(StreamReadFailure.Applies(new OperationCanceledException()));
    }

    [Fact]
    public void The_idle_timeout_stays_a_timeout_and_becomes_transient()
    {
        var translated = StreamReadFailure.Translate(Stall(), CancellationToken.None);
        Assert.Equal(VivgridErrorId.Timeout, translated.ErrorId);
        Assert.True(translated.IsTransient);
    }

    [Fact]
    public void A_broken_connection_is_a_transient_StreamInterrupted_that_keeps_the_cause()
    {
        var reset = new IOException("Connection reset by peer");
        var translated = StreamReadFailure.Translate(reset, CancellationToken.None);
        Assert.Equal(VivgridErrorId.StreamInterrupted, translated.ErrorId);
        Assert.Equal(VivgridErrorKind.ConnectionError, translated.Kind);
        Assert.True(translated.IsTransient);
        Assert.Same(reset, translated.InnerException);
        Assert.Contains("Connection reset by peer", translated.Message);
    }

    [Fact]
    public void A_broken_connection_after_the_caller_cancelled_is_the_cancel()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => StreamReadFailure.Translate(new IOException("aborted"), cts.Token));
    }
}
