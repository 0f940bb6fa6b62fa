using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Http;

public sealed class IdleTimeoutStreamTests
{
    [Fact]
    public async Task Passes_data_through()
    {
        using var stream = new IdleTimeoutStream(new MemoryStream(new byte[] { 1, 2, 3 }), TimeSpan.FromSeconds(1));
        var buffer = new byte[8];
        Assert.Equal(3, await stream.ReadAsync(buffer, 0, 8));
        Assert.Equal(0, await stream.ReadAsync(buffer.AsMemory()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Silence_fails_with_Timeout_and_disposes_the_owner(bool innerHonoursTokenLate)
    {
        var owner = new Owner();
        using var stream = new IdleTimeoutStream(new SilentStream(innerHonoursTokenLate), TimeSpan.FromMilliseconds(150), owner);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<VivgridException>(() => stream.ReadAsync(new byte[4], 0, 4));
        Assert.Equal(VivgridErrorId.Timeout, e.ErrorId);
        Assert.True(owner.Disposed);
        Assert.InRange(clock.ElapsedMilliseconds, 100, 1000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Caller_cancel_is_an_OperationCanceledException(bool innerHonoursTokenLate)
    {
        using var stream = new IdleTimeoutStream(new SilentStream(innerHonoursTokenLate), TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[4], 0, 4, cts.Token));
    }

    [Fact]
    public async Task A_broken_inner_read_surfaces_as_is()
    {
        using var stream = new IdleTimeoutStream(new BrokenStream(), TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[4], 0, 4));
    }

    private sealed class Owner : IDisposable
    {
        public bool Disposed;
        public void Dispose() => Disposed = true;
    }

    /// <summary>
    /// Never returns data. With <c>late</c>, it hooks the token only after the wrapper's own timer task did, so its
    /// cancellation runs first (callbacks run newest first) and the read, not the timer, wins the race.
    /// </summary>
    private sealed class SilentStream : ForwardOnlyReadStream
    {
        private readonly bool _late;
        public SilentStream(bool late) => _late = late;

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token)
        {
            if (!_late) return Task.Delay(Timeout.Infinite, token).ContinueWith(_ => 0, token);
            var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Task.Run(async () =>
            {
                await Task.Delay(30);
                token.Register(() => tcs.TrySetCanceled(token));
            });
            return tcs.Task;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class BrokenStream : ForwardOnlyReadStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
            Task.FromException<int>(new IOException("connection reset"));

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
