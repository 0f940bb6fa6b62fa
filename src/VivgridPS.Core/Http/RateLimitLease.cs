using System;
using System.Threading;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// One request's place in a <see cref="RateLimitGate"/>: held from the moment the gate lets it go until the attempt
    /// ends (Dispose), so the gate knows how many calls are in flight. Report how the attempt ended before disposing.
    /// </summary>
    public sealed class RateLimitLease : IDisposable
    {
        private readonly RateLimitGate _gate;
        private readonly long _epoch;
        private int _disposed;

        internal RateLimitLease(RateLimitGate gate, long epoch)
        {
            _gate = gate;
            _epoch = epoch;
        }

        public void Succeeded() => _gate.Succeeded();

        /// <summary>A 429 or a 503 with Retry-After; <paramref name="delay"/> is how long the service asked to wait.</summary>
        public GateVerdict RateLimited(TimeSpan delay, string reason) => _gate.RateLimited(_epoch, delay, reason);

        /// <summary>An exhausted quota: stops the gate so the requests queued behind this one fail without being sent.</summary>
        public void QuotaExhausted(VivgridException failure) => _gate.Stop(failure);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _gate.Leave();
        }
    }
}
