using VivgridPS.Core.Http;
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// Delivers segments after delays, like a server that thinks between events. After the last segment it either
    /// ends or hangs forever; <see cref="IgnoreToken"/> makes reads deaf to cancellation (only Dispose stops them),
    /// which is how some real network reads behave.
    /// </summary>
    internal sealed class TimedStream : ForwardOnlyReadStream
    {
        private readonly Queue<(TimeSpan Delay, byte[] Bytes)> _segments;
        private readonly TaskCompletionSource<bool> _disposed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public TimedStream(IEnumerable<(TimeSpan Delay, byte[] Bytes)> segments, bool hangAtEnd)
        {
            _segments = new Queue<(TimeSpan, byte[])>(segments);
            HangAtEnd = hangAtEnd;
        }

        public bool HangAtEnd { get; }
        /// <summary>When each read started and returned (ms since construction), to explain timing failures.</summary>
        public List<string> Log { get; } = new List<string>();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        public bool IgnoreToken { get; set; }
        public bool WasDisposed => _disposed.Task.IsCompleted;

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            CancellationToken honoured = IgnoreToken ? CancellationToken.None : cancellationToken;
            if (_segments.Count == 0)
            {
                if (!HangAtEnd) return 0;
                await Task.WhenAny(Task.Delay(Timeout.Infinite, honoured), _disposed.Task).ConfigureAwait(false);
                honoured.ThrowIfCancellationRequested();
                throw new ObjectDisposedException(nameof(TimedStream));
            }

            (TimeSpan delay, byte[] bytes) = _segments.Dequeue();
            Log.Add("start " + _clock.ElapsedMilliseconds + " count " + count);
            await Task.Delay(delay, honoured).ConfigureAwait(false);
            Log.Add("done " + _clock.ElapsedMilliseconds);
            if (WasDisposed) throw new ObjectDisposedException(nameof(TimedStream));
            if (bytes.Length > count) throw new InvalidOperationException("Test segment larger than the reader's buffer.");
            Buffer.BlockCopy(bytes, 0, buffer, offset, bytes.Length);
            return bytes.Length;
        }

        protected override void Dispose(bool disposing)
        {
            _disposed.TrySetResult(true);
            base.Dispose(disposing);
        }
    }
}
