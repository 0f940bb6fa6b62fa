using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Core.Streaming
{
    /// <summary>
    /// Read-only pass-through that fails a read when no bytes arrived for the idle interval. The timer restarts on
    /// every read that returns bytes — bytes, not events, because keep-alive comments (OpenRouter's ": PROCESSING")
    /// prove the server is alive without producing events. When the timer fires the inner stream is also disposed:
    /// a token alone cannot stop a read that never looks at it (openai-dotnet #744), disposing the body does.
    /// </summary>
    internal sealed class IdleTimeoutStream : Stream
    {
        private readonly Stream _inner;
        private readonly TimeSpan _idle;
        private readonly CancellationTokenSource _timer = new CancellationTokenSource();
        private readonly CancellationTokenRegistration _disposeOnTimeout;

        public IdleTimeoutStream(Stream inner, TimeSpan idle)
        {
            _inner = inner;
            _idle = idle;
            _disposeOnTimeout = _timer.Token.Register(static state => ((Stream)state!).Dispose(), inner);
            _timer.CancelAfter(idle);
        }

        public bool TimedOut => _timer.IsCancellationRequested;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
            => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
            int n;
            try
            {
                n = await _inner.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
            }
            catch (Exception) when (TimedOut && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("No data arrived for " + _idle.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s.");
            }

            if (n > 0 && !TimedOut) _timer.CancelAfter(_idle);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _disposeOnTimeout.Dispose();
                _timer.Dispose();
            }

            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
