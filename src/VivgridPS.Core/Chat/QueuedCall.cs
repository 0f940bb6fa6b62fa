using System;
using System.Collections.Concurrent;
using System.Threading;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// One call in an <see cref="OrderedCallQueue"/>: its events, buffered until the pipeline thread takes them,
    /// and how it ended. <see cref="State"/> is the caller's own data (the request, the input item).
    /// </summary>
    public sealed class QueuedCall
    {
        private readonly BlockingCollection<ChatEvent> _events = new BlockingCollection<ChatEvent>();
        private int _deltasCounted;

        internal QueuedCall(object? state)
        {
            State = state;
        }

        public object? State { get; }
        /// <summary>Set when the event stream threw (a cancel); events before it were still delivered.</summary>
        public Exception? Failure { get; internal set; }

        /// <summary>True once the call has ended and every event has been taken.</summary>
        public bool IsDrained => _events.IsCompleted;

        /// <summary>Deltas that were counted instead of delivered (OrderedCallQueue with deliverDeltas: false).</summary>
        public int DeltasCounted => Volatile.Read(ref _deltasCounted);

        internal void Add(ChatEvent e) => _events.Add(e);
        internal void CountDelta() => Interlocked.Increment(ref _deltasCounted);
        internal void Complete() => _events.CompleteAdding();

        /// <summary>Waits up to <paramref name="wait"/> for the next event; false on time-out or when drained.</summary>
        public bool TryTake(out ChatEvent? next, TimeSpan wait, CancellationToken cancellationToken)
        {
            var taken = _events.TryTake(out var e, (int)wait.TotalMilliseconds, cancellationToken);
            next = e;
            return taken;
        }
    }
}
