using System;
using System.Linq;
using System.Net.Http;
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

public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static TimeSpan? Parse(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return RetryAfterParser.Parse(response.Headers, Now);
    }

    [Fact]
    public void Seconds() => Assert.Equal(TimeSpan.FromSeconds(7), Parse(("Retry-After", "7")));

    [Fact]
    public void Http_date_relative_to_now() =>
        Assert.Equal(TimeSpan.FromSeconds(30), Parse(("Retry-After", "Wed, 25 Nov 2026 12:00:30 GMT")));

    [Fact]
    public void Http_date_in_the_past_is_zero() =>
        Assert.Equal(TimeSpan.Zero, Parse(("Retry-After", "Wed, 25 Nov 2026 11:00:00 GMT")));

    [Fact]
    public void Retry_after_ms_takes_precedence_and_allows_fractions()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), Parse(("retry-after-ms", "250"), ("Retry-After", "30")));
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), Parse(("retry-after-ms", "1.5")));
    }

    [Theory]
    [InlineData("retry-after-ms", "soon")]
    [InlineData("retry-after-ms", "-5")]
    [InlineData("Retry-After", "later")]
    [InlineData("Retry-After", "")]
    [InlineData("X-Other", "5")]
    public void Garbage_is_ignored(string name, string value) => Assert.Null(Parse((name, value)));

    [Fact]
    public void Garbage_ms_falls_back_to_Retry_After() =>
        Assert.Equal(TimeSpan.FromSeconds(2), Parse(("retry-after-ms", "NaNish"), ("Retry-After", "2")));
}
