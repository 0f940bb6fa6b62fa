using System;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Tests.Tokens;

/// <summary>The one place that reads, sums and writes the token counts of results, ledger lines and cost summaries.</summary>
public sealed class TokenTotalsTests
{
    [Fact]
    public void Usage_the_service_left_out_counts_zero_and_a_missing_total_is_input_plus_output()
    {
        Assert.Equal(new TokenTotals(0, 0, 0, 0, 0), TokenTotals.From(null));
        Assert.Equal(new TokenTotals(10, 0, 4, 0, 14), TokenTotals.From(new TokenUsage { InputTokens = 10, OutputTokens = 4 }));
        var reported = new TokenUsage { InputTokens = 10, CachedInputTokens = 6, OutputTokens = 4, ReasoningTokens = 3, TotalTokens = 15 };
        Assert.Equal(new TokenTotals(10, 6, 4, 3, 15), TokenTotals.From(reported));
    }

    [Fact]
    public void Sum_adds_every_field_and_knows_a_total_only_when_every_part_has_one()
    {
        var a = new TokenTotals(1, 2, 3, 4, 5);
        var b = new TokenTotals(10, 20, 30, 40, 50);
        Assert.Equal(new TokenTotals(11, 22, 33, 44, 55), TokenTotals.Sum(new[] { a, b }));
        Assert.Equal(new TokenTotals(11, 22, 33, 44, null), TokenTotals.Sum(new[] { a, b with { Total = null } }));
        Assert.Equal(TokenTotals.Zero, TokenTotals.Sum(Array.Empty<TokenTotals>()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_sum_past_64_bits_throws_instead_of_wrapping(int field)
    {
        var counts = new long[5];
        counts[field] = long.MaxValue;
        var big = new TokenTotals(counts[0], counts[1], counts[2], counts[3], counts[4]);
        var one = new TokenTotals(1, 1, 1, 1, 1);
        Assert.Throws<OverflowException>(() => big.Add(one));
    }

    [Fact]
    public void Copies_between_results_ledger_lines_and_summaries_keep_every_count()
    {
        var tokens = new TokenTotals(100, 40, 20, 7, 125);
        var result = new VivgridPS.ChatResult();
        tokens.CopyTo(result);
        Assert.Equal(tokens, TokenTotals.Of(result));

        var record = new VivgridPS.UsageRecord();
        TokenTotals.Of(result).CopyTo(record);
        Assert.Equal(tokens with { Total = null }, TokenTotals.Of(record));

        var summary = new VivgridPS.CostSummary();
        TokenTotals.Of(record).CopyTo(summary);
        Assert.Equal((100L, 40L, 20L, 7L), (summary.InputTokens, summary.CachedInputTokens, summary.OutputTokens, summary.ReasoningTokens));
    }

    [Fact]
    public void A_result_without_a_known_total_gets_input_plus_output()
    {
        var result = new VivgridPS.ChatResult();
        new TokenTotals(100, 40, 20, 7, null).CopyTo(result);
        Assert.Equal(120, result.TotalTokens);
    }
}
