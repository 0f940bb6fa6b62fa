using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// A read-only wrapper that fails a read when no byte arrives for <see cref="IdleTimeout"/>.
    /// A cancellation token alone cannot stop a socket read that never returns on every platform
    /// (openai-dotnet #744), so each read races a per-read timer and the response is disposed on expiry.
    /// </summary>
    public sealed class IdleTimeoutStream : ReadOnlyStreamView
    {
        private readonly IDisposable? _owner;

        public IdleTimeoutStream(Stream inner, TimeSpan idleTimeout, IDisposable? owner = null)
            : base(inner)
        {
            _owner = owner;
            IdleTimeout = idleTimeout;
        }

        public TimeSpan IdleTimeout { get; }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadWithinIdleTimeAsync(token => Inner.ReadAsync(buffer, offset, count, token), cancellationToken);

#if NET8_0_OR_GREATER
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new ValueTask<int>(ReadWithinIdleTimeAsync(token => Inner.ReadAsync(buffer, token).AsTask(), cancellationToken));
#endif

        private async Task<int> ReadWithinIdleTimeAsync(Func<CancellationToken, Task<int>> readAsync, CancellationToken cancellationToken)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(IdleTimeout);
            var read = readAsync(idle.Token);
            var winner = await Task.WhenAny(read, Task.Delay(Timeout.Infinite, idle.Token)).ConfigureAwait(false);
            // The inner read also sees idle.Token, so when the timer fires it may finish first, as canceled: that is
            // still the idle timeout (or the caller's cancel), not a cancel to pass up as is.
            if (winner == read && !(idle.IsCancellationRequested && (read.IsCanceled || read.IsFaulted)))
            {
                return await read.ConfigureAwait(false);
            }
            // The caller canceled or the idle timer fired: make sure the pending read dies with the response.
            _owner?.Dispose();
            Inner.Dispose();
            _ = read.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            throw new VivgridException(VivgridErrorId.Timeout, VivgridErrorKind.Timeout,
                $"The stream stalled: no data for {IdleTimeout.TotalSeconds:0.###} s.",
                "The service may be overloaded; retry later, or raise -IdleTimeoutSec for slow reasoning models.");
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
                _owner?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
