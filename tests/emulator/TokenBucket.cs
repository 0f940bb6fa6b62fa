using System.Diagnostics;

namespace VivgridEmulator;

/// <summary>
/// The emulator's rate-limited mode: a token bucket of N requests per second (capacity N, so one second of burst).
/// A request beyond it gets 429 with the time until the next token as Retry-After, as a real rate limit answers.
/// </summary>
public sealed class TokenBucket(int perSecond)
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _tokens = perSecond;
    private double _last;
    private long _admitted;
    private long _limited;

    public int PerSecond { get; } = perSecond > 0 ? perSecond : throw new ArgumentOutOfRangeException(nameof(perSecond));
    public long Admitted => Interlocked.Read(ref _admitted);
    public long Limited => Interlocked.Read(ref _limited);

    /// <summary>Takes a token, or says how long until one is free.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            double now = _clock.Elapsed.TotalSeconds;
            _tokens = Math.Min(PerSecond, _tokens + (now - _last) * PerSecond);
            _last = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                _admitted++;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            _limited++;
            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / PerSecond);
            return false;
        }
    }
}
