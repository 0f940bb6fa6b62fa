using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Http;

public sealed class RateLimitGateTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_429_pauses_every_new_request_until_the_service_time_has_passed()
    {
        var gate = new RateLimitGate("h");
        var lease = await gate.EnterAsync(CancellationToken.None);
        lease.Dispose();
        var verdict = lease.RateLimited(TimeSpan.FromMilliseconds(400), "HTTP 429");
        Assert.True(verdict.CountsAsRetry);
        Assert.Contains("pausing new requests for 0.4 s (HTTP 429)", verdict.Notice);
        var clock = Stopwatch.StartNew();
        // The 429 also cut the window to one call in flight: each request leaves before the next goes.
        var waiting = Enumerable.Range(0, 3).Select(async _ => (await gate.EnterAsync(CancellationToken.None)).Dispose()).ToArray();
        await Task.WhenAll(waiting).WaitAsync(Safety);
        Assert.True(clock.ElapsedMilliseconds >= 350, $"new requests went after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_429_while_other_requests_get_through_costs_no_retry_but_still_pauses()
    {
        var gate = new RateLimitGate("h");
        var ok = await gate.EnterAsync(CancellationToken.None);
        ok.Succeeded();
        ok.Dispose();
        var refused = await gate.EnterAsync(CancellationToken.None);
        refused.Dispose();
        var verdict = refused.RateLimited(TimeSpan.FromMilliseconds(300), "HTTP 429");
        Assert.False(verdict.CountsAsRetry);
        Assert.Contains("without using a retry", verdict.Notice);
        Assert.Equal(1, gate.Pauses);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (await gate.EnterAsync(CancellationToken.None).WaitAsync(Safety)).Dispose();
        Assert.True(clock.ElapsedMilliseconds >= 250, $"the next request went after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_429_when_nothing_got_through_for_a_second_uses_a_retry()
    {
        var gate = new RateLimitGate("h");
        var ok = await gate.EnterAsync(CancellationToken.None);
        ok.Succeeded();
        ok.Dispose();
        await Task.Delay(1100);
        var refused = await gate.EnterAsync(CancellationToken.None);
        refused.Dispose();
        Assert.True(refused.RateLimited(TimeSpan.FromMilliseconds(10), "HTTP 429").CountsAsRetry);
    }

    [Fact]
    public async Task A_429_for_a_request_in_flight_before_the_pause_costs_no_retry_and_no_second_pause()
    {
        var gate = new RateLimitGate("h");
        var first = await gate.EnterAsync(CancellationToken.None);
        var second = await gate.EnterAsync(CancellationToken.None);
        first.Dispose();
        second.Dispose();
        Assert.True(first.RateLimited(TimeSpan.FromMilliseconds(50), "HTTP 429").CountsAsRetry);
        var late = second.RateLimited(TimeSpan.FromMilliseconds(50), "HTTP 429");
        Assert.False(late.CountsAsRetry);
        Assert.Contains("without using a retry", late.Notice);
        Assert.Equal(1, gate.Pauses);
    }

    [Fact]
    public async Task The_window_halves_on_a_429_holds_calls_back_and_grows_by_one_per_success()
    {
        var gate = new RateLimitGate("h");
        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 8; i++) leases.Add(await gate.EnterAsync(CancellationToken.None));
        leases[0].Dispose();
        leases[0].RateLimited(TimeSpan.Zero, "HTTP 429");
        Assert.Equal(4, gate.Window);

        var held = gate.EnterAsync(CancellationToken.None);
        await Task.Delay(150);
        Assert.False(held.IsCompleted, "7 calls in flight, window 4: a new call must wait");
        for (var i = 1; i <= 4; i++) leases[i].Dispose();
        (await held.WaitAsync(Safety)).Dispose();

        leases[5].Succeeded();
        Assert.Equal(5, gate.Window);
        for (var i = 5; i < 8; i++) leases[i].Dispose();
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task The_429s_of_one_overrun_pause_the_gate_but_cut_rate_and_window_once()
    {
        var gate = new RateLimitGate("h");
        for (var i = 0; i < 10; i++)
        {
            using var ok = await gate.EnterAsync(CancellationToken.None);
            ok.Succeeded();
        }
        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 8; i++) leases.Add(await gate.EnterAsync(CancellationToken.None));
        leases[0].Dispose();
        leases[0].RateLimited(TimeSpan.Zero, "HTTP 429");
        var rate = gate.Rate!.Value;
        var window = gate.Window;
        Assert.Equal(4, window);
        foreach (var lease in leases) lease.Dispose();
        // Sent after that pause (a new epoch), refused again within the second: pauses again, no second cut.
        var again = await gate.EnterAsync(CancellationToken.None).WaitAsync(Safety);
        again.Dispose();
        var verdict = again.RateLimited(TimeSpan.Zero, "HTTP 429");
        Assert.Equal(2, gate.Pauses);
        Assert.Contains("not again", verdict.Notice);
        Assert.InRange(gate.Rate!.Value, rate, rate + 0.5);
        Assert.Equal(window, gate.Window);
    }

    [Fact]
    public async Task After_a_429_requests_are_paced_at_a_rate_below_what_got_through()
    {
        var gate = new RateLimitGate("h");
        for (var i = 0; i < 10; i++)
        {
            using var ok = await gate.EnterAsync(CancellationToken.None);
            ok.Succeeded();
        }
        var limited = await gate.EnterAsync(CancellationToken.None);
        limited.Dispose();
        limited.RateLimited(TimeSpan.Zero, "HTTP 429");
        Assert.InRange(gate.Rate!.Value, 8.9, 9.5);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) (await gate.EnterAsync(CancellationToken.None).WaitAsync(Safety)).Dispose();
        // Five requests at ~9/s: the fifth goes four intervals (~0.44 s) after the first.
        Assert.True(clock.ElapsedMilliseconds >= 400, $"5 paced requests took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task An_exhausted_quota_stops_the_gate_so_waiting_and_new_requests_fail_unsent()
    {
        var gate = new RateLimitGate("api.example");
        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 8; i++) leases.Add(await gate.EnterAsync(CancellationToken.None));
        leases[0].Dispose();
        leases[0].RateLimited(TimeSpan.FromSeconds(5), "HTTP 429");
        var waiting = gate.EnterAsync(CancellationToken.None);

        var quota = new VivgridException(VivgridErrorId.RateLimited, VivgridErrorKind.LimitsExceeded,
            "The Vivgrid service returned HTTP 429: Your balance is exhausted.", "Top up.");
        leases[1].QuotaExhausted(quota);

        var held = await Assert.ThrowsAsync<VivgridException>(() => waiting.WaitAsync(Safety));
        var fresh = await Assert.ThrowsAsync<VivgridException>(() => gate.EnterAsync(CancellationToken.None));
        foreach (var e in new[] { held, fresh })
        {
            Assert.True(e.NotSent);
            Assert.Equal(VivgridErrorId.RateLimited, e.ErrorId);
            Assert.Contains("quota exhausted", e.Message);
            Assert.Contains("Your balance is exhausted", e.Message);
        }
        foreach (var lease in leases) lease.Dispose();
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task A_cancel_while_paused_leaves_the_gate_with_nothing_in_flight()
    {
        var gate = new RateLimitGate("h");
        var lease = await gate.EnterAsync(CancellationToken.None);
        lease.Dispose();
        lease.RateLimited(TimeSpan.FromSeconds(30), "HTTP 429");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(cancel.Token));
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public void One_gate_per_base_url_and_key()
    {
        var a = RateLimitGates.For(new VivgridConnection(new Uri("https://api.example/v1"), "key-a"));
        Assert.Same(a, RateLimitGates.For(new VivgridConnection(new Uri("https://api.example/v1/"), "key-a")));
        Assert.NotSame(a, RateLimitGates.For(new VivgridConnection(new Uri("https://api.example/v1"), "key-b")));
        Assert.NotSame(a, RateLimitGates.For(new VivgridConnection(new Uri("https://other.example/v1"), "key-a")));
    }

    [Theory]
    [InlineData("insufficient_quota", "You exceeded your current quota.", true)]
    [InlineData("balance_exhausted", "Your account balance is exhausted.", true)]
    [InlineData(null, "Quota exhausted for this project.", true)]
    [InlineData(null, "Insufficient balance: please top up.", true)]
    [InlineData("rate_limit_exceeded", "Rate limit reached. Please try again later.", false)]
    [InlineData("rate_limit_exceeded", "Rate limit reached: 20 requests per second.", false)]
    public void An_exhausted_quota_is_told_apart_from_a_rate_limit(string? code, string message, bool exhausted) =>
        Assert.Equal(exhausted, ErrorClassifier.IsQuotaExhausted(new ApiError { Code = code, Message = message, HttpStatus = 429 }));
}
