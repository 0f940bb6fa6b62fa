using System;
using System.Linq;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Http;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(408, true)] [InlineData(409, true)] [InlineData(429, true)] [InlineData(500, true)]
    [InlineData(502, true)] [InlineData(503, true)] [InlineData(504, true)]
    [InlineData(400, false)] [InlineData(401, false)] [InlineData(403, false)] [InlineData(404, false)]
    [InlineData(422, false)] [InlineData(200, false)] [InlineData(501, false)] [InlineData(505, false)]
    public void Retryable_status_table(int status, bool retryable) => Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));

    [Fact]
    public void Backoff_grows_is_capped_and_jitter_stays_within_half_to_full()
    {
        var policy = new RetryPolicy(10, baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromMilliseconds(1000));
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, attempt - 1), 1000);
            var samples = Enumerable.Range(0, 200).Select(_ => policy.GetDelay(attempt, null).TotalMilliseconds).ToList();
            Assert.All(samples, d => Assert.InRange(d, ceiling / 2, ceiling));
            // Jitter really spreads: not all samples equal.
            Assert.True(samples.Distinct().Count() > 10, $"attempt {attempt}: no jitter");
        }
        Assert.True(policy.GetDelay(30, null) <= TimeSpan.FromMilliseconds(1000));
    }

    [Fact]
    public void Retry_after_wins_over_backoff_and_is_capped_at_MaxRetryAfter()
    {
        var policy = new RetryPolicy(3, baseDelay: TimeSpan.FromSeconds(10), maxRetryAfter: TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromMilliseconds(5), policy.GetDelay(1, TimeSpan.FromMilliseconds(5)));
        Assert.Equal(TimeSpan.Zero, policy.GetDelay(3, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(60), policy.GetDelay(1, TimeSpan.FromSeconds(600)));
    }

    [Fact]
    public void Defaults_and_validation()
    {
        var policy = new RetryPolicy();
        Assert.Equal(3, policy.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), policy.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), policy.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(120), policy.MaxRetryAfter);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(-1));
    }
}
