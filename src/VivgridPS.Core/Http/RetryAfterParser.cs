using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace VivgridPS.Core.Http
{
    /// <summary>Reads how long the service asked us to wait: retry-after-ms (OpenAI), then Retry-After (seconds or HTTP date).</summary>
    public static class RetryAfterParser
    {
        public static TimeSpan? Parse(HttpResponseHeaders headers, DateTimeOffset now)
        {
            if (headers.TryGetValues("retry-after-ms", out var ms)
                && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis)
                && millis >= 0)
            {
                return TimeSpan.FromMilliseconds(millis);
            }
            var retryAfter = headers.RetryAfter;
            if (retryAfter?.Delta is { } delta) return delta;
            if (retryAfter?.Date is { } date)
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }
    }
}
