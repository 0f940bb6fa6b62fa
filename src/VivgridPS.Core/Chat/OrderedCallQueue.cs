using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Runs up to N calls at once on the shared HttpClient and hands their events back in input order
    /// (-ThrottleLimit). Calls run on the thread pool; the pipeline thread takes events from the head call only,
    /// so output order never depends on which answer came back first, and with N = 1 deltas still reach the
    /// pipeline as soon as each is parsed.
    /// </summary>
    public sealed class OrderedCallQueue : IDisposable
    {
        private readonly SemaphoreSlim _slots;
        private readonly Queue<QueuedCall> _calls = new Queue<QueuedCall>();
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        private readonly bool _deliverDeltas;

        public OrderedCallQueue(int throttleLimit) : this(throttleLimit, deliverDeltas: true)
        {
        }

        /// <param name="throttleLimit">How many calls may run at once.</param>
        /// <param name="deliverDeltas">
        /// False when the consumer only counts deltas (no -Stream: the text arrives in the result object): each delta
        /// is then counted on its call (<see cref="QueuedCall.DeltasCounted"/>) instead of being handed over. Every
        /// hand-off wakes the waiting pipeline thread, and a short answer has several deltas; with this the thread
        /// wakes once per call for its result.
        /// </param>
        public OrderedCallQueue(int throttleLimit, bool deliverDeltas)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            ThrottleLimit = throttleLimit;
            _deliverDeltas = deliverDeltas;
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
        }

        public int ThrottleLimit { get; }
        public int Count => _calls.Count;
        public CancellationToken Token => _cancel.Token;
        public QueuedCall? Head => _calls.Count > 0 ? _calls.Peek() : null;

        /// <summary>Starts <paramref name="run"/> (a work item's event stream) when a slot is free.</summary>
        public QueuedCall Enqueue(object? state, Func<CancellationToken, IAsyncEnumerable<ChatEvent>> run)
        {
            var call = new QueuedCall(state);
            _calls.Enqueue(call);
            // The token is taken here, not on the pool thread: after Dispose, reading _cancel.Token throws, and a
            // RunAsync that threw before its try would never complete the call, leaving the consumer blocked.
            var token = _cancel.Token;
            _ = Task.Run(() => RunAsync(call, run, token));
            return call;
        }

        public QueuedCall Dequeue() => _calls.Dequeue();

        /// <summary>Cancels every running and waiting call (Ctrl+C).</summary>
        public void Cancel()
        {
            try { _cancel.Cancel(); } catch (ObjectDisposedException) { }
        }

        /// <summary>
        /// Cancels every call from a pool thread. A cancel runs the callbacks of every running call (socket aborts,
        /// timers, the continuations they release) on the thread that cancels; a pipeline that stops must not pay for
        /// that before it returns. The token source is then left to the collector, as disposing it could cut the
        /// callbacks short.
        /// </summary>
        public void CancelInBackground() => Task.Run(Cancel);

        private async Task RunAsync(QueuedCall call, Func<CancellationToken, IAsyncEnumerable<ChatEvent>> run, CancellationToken token)
        {
            var holdsSlot = false;
            try
            {
                await _slots.WaitAsync(token).ConfigureAwait(false);
                holdsSlot = true;
                var events = run(token).GetAsyncEnumerator(token);
                try
                {
                    while (await events.MoveNextAsync().ConfigureAwait(false))
                    {
                        var e = events.Current;
                        if (!_deliverDeltas && e.Kind == ChatEventKind.Delta) call.CountDelta();
                        else call.Add(e);
                    }
                }
                finally
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                call.Failure = e;
            }
            finally
            {
                if (holdsSlot) _slots.Release();
                call.Complete();
            }
        }

        public void Dispose()
        {
            Cancel();
            _cancel.Dispose();
        }
    }
}
