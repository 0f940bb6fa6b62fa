using System;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// When and how long to wait before trying again (SPEC §3): transient statuses and failures before the first
    /// byte only; exponential backoff with jitter, capped; the service's Retry-After wins when it says more.
    /// </summary>
    public sealed class RetryPolicy
    {
        [ThreadStatic] private static Random? t_random;

        public RetryPolicy(int maxRetries = 3, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, TimeSpan? maxRetryAfter = null)
        {
            if (maxRetries < 0) throw new ArgumentOutOfRangeException(nameof(maxRetries));
            MaxRetries = maxRetries;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(500);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(20);
            MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(120);
        }

        public int MaxRetries { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }
        /// <summary>A Retry-After longer than this is not waited for: the call fails with the service's message instead.</summary>
        public TimeSpan MaxRetryAfter { get; }

        /// <summary>408, 409, 429 and the 5xx gateway family; never 400/401/403/404/422 (retrying cannot fix those).</summary>
        public static bool IsRetryableStatus(int status) =>
            status == 408 || status == 409 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        /// <summary>Delay before retry number <paramref name="attempt"/> (1-based).</summary>
        public TimeSpan GetDelay(int attempt, TimeSpan? retryAfter)
        {
            if (retryAfter is { } asked && asked >= TimeSpan.Zero)
            {
                return asked <= MaxRetryAfter ? asked : MaxRetryAfter;
            }
            var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
            var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
            // Equal jitter (half fixed, half random) spreads many scheduled tasks that failed together (AWS architecture
            // blog, "Exponential Backoff And Jitter") while never retrying sooner than half the backoff.
            var random = t_random ??= new Random(Environment.TickCount ^ Environment.CurrentManagedThreadId);
            return TimeSpan.FromMilliseconds(capped / 2 + random.NextDouble() * capped / 2);
        }
    }
}
