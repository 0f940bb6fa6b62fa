using System;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// The completion of one attempt while it is being received, behind one lock. The call's worker folds events
    /// in through <see cref="Track"/>'s accumulator; the pipeline thread, on Ctrl+C, takes the partial completion
    /// with <see cref="Freeze"/>, after which no event changes it again. So a stop never reads text that is being
    /// appended, and never races the worker for the answer.
    /// </summary>
    internal sealed class LiveCompletion
    {
        private readonly object _gate = new object();
        private IStreamAccumulator? _stream;
        private ChatCompletion? _whole;
        private bool _frozen;

        /// <summary>Starts a streamed attempt: events reach <paramref name="accumulator"/> only through the returned one.</summary>
        public IStreamAccumulator Track(IStreamAccumulator accumulator)
        {
            lock (_gate)
            {
                _stream = accumulator;
                _whole = null;
            }

            return new Guarded(this, accumulator);
        }

        /// <summary>An attempt answered with a whole JSON body.</summary>
        public void SetWhole(ChatCompletion completion)
        {
            lock (_gate)
            {
                if (_frozen) return;
                _whole = completion;
                _stream = null;
            }
        }

        /// <summary>What has arrived so far; valid to read once the call has ended (tests, diagnostics).</summary>
        public ChatCompletion? Snapshot()
        {
            lock (_gate) return _whole ?? _stream?.Current;
        }

        /// <summary>Stops folding events in and returns what had arrived: the partial completion of a stopped call.</summary>
        public ChatCompletion? Freeze()
        {
            lock (_gate)
            {
                _frozen = true;
                return _whole ?? _stream?.Current;
            }
        }

        private sealed class Guarded : IStreamAccumulator
        {
            private readonly LiveCompletion _owner;
            private readonly IStreamAccumulator _inner;

            public Guarded(LiveCompletion owner, IStreamAccumulator inner)
            {
                _owner = owner;
                _inner = inner;
            }

            public bool IsTerminal
            {
                get { lock (_owner._gate) return _inner.IsTerminal; }
            }

            public ChatCompletion Current
            {
                get { lock (_owner._gate) return _inner.Current; }
            }

            public string? Apply(string eventType, ReadOnlySpan<byte> data)
            {
                lock (_owner._gate) return _owner._frozen ? null : _inner.Apply(eventType, data);
            }
        }
    }
}
