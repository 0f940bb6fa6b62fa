using System;
using System.Net.Http;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Http;

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
