using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// One rate limit, shared by every call in the process that uses the same base URL and key (SPEC §2 "Rate limits").
    /// A 429 (or a 503 with Retry-After) pauses every new request until the service's time has passed, instead of each
    /// call finding the limit by itself; after it the gate paces requests at a rate learned from what got through and
    /// lets fewer calls run at once, both raised again step by step while calls succeed (AIMD). An exhausted quota
    /// stops the gate: requests queued behind it fail at once without reaching the service.
    /// Hand-written: Polly/System.Threading.RateLimiting limit at a fixed rate; none learns the rate from 429s.
    /// </summary>
    public sealed class RateLimitGate
    {
        /// <summary>Most calls in flight the gate allows when it has seen no 429 (the shared client's connection cap).</summary>
        public const int MaxWindow = 256;
        /// <summary>Pacing needs a measurable rate: below this many successes a second only the pause applies.</summary>
        private const int MinMeasuredRate = 4;
        private const double DecreaseFactor = 0.9;
        /// <summary>Additive increase of the paced rate, in requests per second for each second without a 429.</summary>
        private const double IncreasePerSecond = 2.0;
        private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);
        /// <summary>A paced request that went late (busy machine, timer granularity) lets the next ones catch up this much.</summary>
        private static readonly TimeSpan CatchUp = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan QuotaStopTime = TimeSpan.FromSeconds(10);

        private readonly object _lock = new object();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Queue<TimeSpan> _recentSuccesses = new Queue<TimeSpan>();
        private List<TaskCompletionSource<bool>> _waiters = new List<TaskCompletionSource<bool>>();
        private readonly string _host;
        private TimeSpan _pausedUntil;
        private TimeSpan _nextSlot;
        private double? _baseRate;
        private TimeSpan _rateSince;
        private double _window = MaxWindow;
        private int _inFlight;
        private long _epoch;
        private VivgridException? _stopped;
        private TimeSpan _stoppedUntil;
        private TimeSpan? _lastCut;

        public RateLimitGate(string host)
        {
            _host = host;
        }

        /// <summary>Calls allowed in flight now (AIMD window).</summary>
        public int Window { get { lock (_lock) return (int)_window; } }

        /// <summary>Requests per second the gate paces at, or null when it does not pace.</summary>
        public double? Rate { get { lock (_lock) return CurrentRate(_clock.Elapsed); } }

        public int InFlight { get { lock (_lock) return _inFlight; } }

        /// <summary>How many times a 429 made the gate pause (one per limit hit, not one per call that saw it).</summary>
        public long Pauses { get { lock (_lock) return _epoch; } }

        /// <summary>
        /// Waits until the gate lets one more request go (pause over, a pacing slot, room in the window) and returns
        /// the lease the caller reports the attempt's end to. Throws the quota error when the gate is stopped.
        /// </summary>
        public async Task<RateLimitLease> EnterAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                Task? wake = null;
                TimeSpan wait;
                long epoch;
                lock (_lock)
                {
                    var now = _clock.Elapsed;
                    ThrowIfStopped(now);
                    if (_inFlight >= (int)_window)
                    {
                        var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _waiters.Add(waiter);
                        wake = waiter.Task;
                        wait = TimeSpan.Zero;
                        epoch = _epoch;
                    }
                    else
                    {
                        var slot = Max(_pausedUntil, Max(_nextSlot, now - CatchUp));
                        if (CurrentRate(now) is { } rate) _nextSlot = slot + TimeSpan.FromSeconds(1 / rate);
                        wait = slot > now ? slot - now : TimeSpan.Zero;
                        epoch = _epoch;
                        _inFlight++;
                    }
                }
                if (wake != null)
                {
                    await WaitAsync(wake, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (wait <= TimeSpan.Zero) return new RateLimitLease(this, epoch);
                try
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    Leave();
                    throw;
                }
                lock (_lock)
                {
                    var now = _clock.Elapsed;
                    if (_stopped is null || now >= _stoppedUntil)
                    {
                        // Paused again while this request waited for its slot: take a new slot after the pause.
                        if (_epoch == epoch || now >= _pausedUntil) return new RateLimitLease(this, _epoch);
                    }
                    _inFlight--;
                }
            }
        }

        internal void Succeeded()
        {
            lock (_lock)
            {
                var now = _clock.Elapsed;
                _recentSuccesses.Enqueue(now);
                TrimSuccesses(now);
                if (_window < MaxWindow) _window = Math.Min(MaxWindow, _window + 1);
            }
        }

        /// <summary>
        /// A 429 (or 503 with Retry-After): the first one since the request was sent pauses the gate for
        /// <paramref name="delay"/> and cuts rate and window. It costs the call no retry when it is the gate's own
        /// pacing: the request was already in flight when the gate paused, or other requests got through in the last
        /// second (the service admits a rate and the gate went slightly over it). Only a limit that lets nothing
        /// through uses up retries.
        /// </summary>
        internal GateVerdict RateLimited(long leaseEpoch, TimeSpan delay, string reason)
        {
            lock (_lock)
            {
                var now = _clock.Elapsed;
                if (leaseEpoch != _epoch)
                {
                    var left = _pausedUntil - now;
                    return new GateVerdict(false,
                        $"Rate limit on {_host}: this request was already in flight when the gate paused; it is sent again after the pause ({Seconds(left)} s), without using a retry.");
                }
                _epoch++;
                _pausedUntil = Max(_pausedUntil, now + delay);
                // Slots already handed out stay booked: restarting the schedule at the pause's end would book the same
                // moments twice and send at double the paced rate right after every pause.
                _nextSlot = Max(_nextSlot, _pausedUntil);
                TrimSuccesses(now);
                // Other requests got through in the last second: the limit is a rate, and this 429 says only that the
                // gate sent a little too fast. That must cost time, not one of the call's retries.
                var gettingThrough = _recentSuccesses.Count > 0;
                // One cut per overrun: the 429s that follow within a second are the same overrun seen by the requests
                // sent around it (the service refills in milliseconds); cutting again for each would halve the rate
                // and the window again and again, and the additive increase takes seconds to win that back.
                // Until the gate paces (too few successes to measure a rate yet), every overrun cuts.
                var cut = _baseRate is null || _lastCut is not { } last || now - last >= RateWindow;
                if (cut) Cut(now);
                var pacing = (_baseRate is { } r ? $"then pacing at {r:0.#} requests/s" : "then no pacing (too few calls to measure a rate)") +
                    (cut ? string.Empty : " (cut less than a second ago, not again)");
                var cost = gettingThrough ? " Other requests are getting through, so this one is sent again without using a retry." : string.Empty;
                return new GateVerdict(!gettingThrough,
                    $"Rate limit on {_host}: pausing new requests for {Seconds(delay)} s ({reason}); {pacing}, at most {(int)_window} call(s) in flight.{cost}");
            }
        }

        /// <summary>Multiplicative decrease of the paced rate (from what got through) and of the window.</summary>
        private void Cut(TimeSpan now)
        {
            var measured = _recentSuccesses.Count / RateWindow.TotalSeconds;
            var current = CurrentRate(now);
            if (measured >= MinMeasuredRate) _baseRate = DecreaseFactor * Math.Min(current ?? measured, measured);
            // Too few calls to measure: the pause protects; pacing never drops below what can be measured.
            else if (current is { } paced) _baseRate = Math.Max(MinMeasuredRate, paced * DecreaseFactor);
            _rateSince = _pausedUntil;
            // The reporting call has already left the gate (its attempt is over): count it as in flight when it was sent.
            _window = Math.Max(1, Math.Floor(Math.Min(_window, _inFlight + 1) / 2.0));
            _lastCut = now;
        }

        /// <summary>An exhausted quota: every request still waiting or sent in the next 10 s fails with this error.</summary>
        internal void Stop(VivgridException failure)
        {
            List<TaskCompletionSource<bool>> waiters;
            lock (_lock)
            {
                _stopped = failure;
                _stoppedUntil = _clock.Elapsed + QuotaStopTime;
                waiters = TakeWaiters();
            }
            foreach (var w in waiters) w.TrySetResult(true);
        }

        internal void Leave()
        {
            List<TaskCompletionSource<bool>> waiters;
            lock (_lock)
            {
                _inFlight--;
                waiters = TakeWaiters();
            }
            // Every waiter looks again; those that find no room wait anew (few, and only while the window is cut).
            foreach (var w in waiters) w.TrySetResult(true);
        }

        private List<TaskCompletionSource<bool>> TakeWaiters()
        {
            var taken = _waiters;
            _waiters = new List<TaskCompletionSource<bool>>();
            return taken;
        }

        private void ThrowIfStopped(TimeSpan now)
        {
            if (_stopped is null) return;
            if (now >= _stoppedUntil)
            {
                _stopped = null;
                return;
            }
            throw new VivgridException(VivgridErrorId.RateLimited, VivgridErrorKind.LimitsExceeded,
                $"Not sent: an earlier call to {_host} found the quota exhausted (new requests are refused for {Seconds(_stoppedUntil - now)} s more). " + _stopped.Message,
                _stopped.RecommendedAction)
            { NotSent = true };
        }

        /// <summary>Paced rate: the rate set at the last 429 plus the additive increase since (null: not pacing).</summary>
        private double? CurrentRate(TimeSpan now)
        {
            if (_baseRate is not { } rate) return null;
            var seconds = Math.Max(0, (now - _rateSince).TotalSeconds);
            var raised = rate + IncreasePerSecond * seconds;
            // Far above what was measured and no 429 since: the limit is gone (or was transient); stop pacing.
            if (raised > 4 * rate + 20)
            {
                _baseRate = null;
                return null;
            }
            return raised;
        }

        private void TrimSuccesses(TimeSpan now)
        {
            while (_recentSuccesses.Count > 0 && now - _recentSuccesses.Peek() > RateWindow) _recentSuccesses.Dequeue();
        }

        private static async Task WaitAsync(Task wake, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                await wake.ConfigureAwait(false);
                return;
            }
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                await Task.WhenAny(wake, cancelled.Task).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

        private static string Seconds(TimeSpan t) =>
            Math.Max(0, t.TotalSeconds).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
    }
}
