using VivgridPS.Tests.Models;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Models;
using VivgridPS.Core.Pricing;
using Xunit;

namespace VivgridPS.Tests.Pricing
{
    public sealed class CostCalculatorTests
    {
        private static ModelInfo Model(string id) => ModelCatalog.Bundled.Get(id);

        [Fact]
        public void Cached_tokens_are_billed_once_at_the_cached_price()
        {
            // 600,000 uncached × 0.75 + 400,000 cached × 0.08, per million = 0.45 + 0.032
            Assert.Equal(0.482m, CostCalculator.Cost(Model("gpt-5.4-mini"), 1_000_000, 400_000, 0));
            Assert.Equal(0.482m, CostCalculator.InputCost(Model("gpt-5.4-mini"), 1_000_000, 400_000));
        }

        [Fact]
        public void Output_cost_includes_reasoning_tokens_once()
        {
            // 1,000 output tokens of which 600 reasoning: 1,000 × 4.50 / 1M, reasoning not added again.
            var usage = new TokenUsage { InputTokens = 2_000, CachedInputTokens = 0, OutputTokens = 1_000, ReasoningTokens = 600 };
            Assert.Equal(2_000 * 0.75m / 1_000_000m + 1_000 * 4.50m / 1_000_000m, CostCalculator.Cost(Model("gpt-5.4-mini"), usage));
            Assert.Equal(0.006m, CostCalculator.Cost(Model("gpt-5.4-mini"), usage));
        }

        [Fact]
        public void Money_is_exact_decimal_for_tiny_calls()
        {
            // 1 input token on gpt-5.4-nano = 0.0000002 USD exactly; floating point would print 1.9999999999999998E-07.
            Assert.Equal(0.0000002m, CostCalculator.Cost(Model("gpt-5.4-nano"), 1, 0, 0));
            Assert.Equal(0.000000125m, CostCalculator.Cost(Model("gpt-5"), 1, 1, 0));
        }

        [Theory]
        [InlineData(200_000, 2.00, 12.00)]
        [InlineData(200_001, 4.00, 24.00)]
        [InlineData(1, 2.00, 12.00)]
        [InlineData(1_000_000, 4.00, 24.00)]
        public void Tier_is_chosen_by_input_token_count(int inputTokens, double inputPrice, double outputPrice)
        {
            var gemini = Model("gemini-3.1-pro-preview");
            var prices = CostCalculator.EffectivePrices(gemini, inputTokens);
            Assert.Equal((decimal)inputPrice, prices.InputPricePerMillion);
            Assert.Equal((decimal)outputPrice, prices.OutputPricePerMillion);
            Assert.Equal(inputTokens * (decimal)inputPrice / 1_000_000m + 1_000 * (decimal)outputPrice / 1_000_000m,
                CostCalculator.Cost(gemini, inputTokens, 0, 1_000));
        }

        [Fact]
        public void Tiered_cached_price_applies_above_the_threshold()
        {
            // 300,000 input (tier 2), 100,000 cached: 200,000 × 4.00 + 100,000 × 0.40 = 0.8 + 0.04
            Assert.Equal(0.84m, CostCalculator.InputCost(Model("gemini-3.1-pro-preview"), 300_000, 100_000));
        }

        [Fact]
        public void Model_without_cached_price_bills_cached_tokens_at_the_input_price()
        {
            Assert.Equal(1_000 * 0.28m / 1_000_000m, CostCalculator.InputCost(Model("deepseek-v3.2"), 1_000, 900));
        }

        [Fact]
        public void Unknown_price_gives_null_cost()
        {
            var live = new ModelInfo { Id = "gpt-4o", Origin = "live" };
            Assert.Null(CostCalculator.Cost(live, 10, 0, 10));
            var halfKnown = new ModelInfo { Id = "x", InputPricePerMillion = 1m };
            Assert.Null(CostCalculator.Cost(halfKnown, 10, 0, 10));
            Assert.Equal(0.00001m, CostCalculator.InputCost(halfKnown, 10));
            var est = CostCalculator.Estimate(live, 100, 10, isEstimate: false);
            Assert.Null(est.InputCostUsd);
            Assert.Null(est.MaxTotalCostUsd);
            Assert.Null(est.FitsContext);
        }

        [Fact]
        public void Cached_count_larger_than_input_is_clamped()
        {
            Assert.Equal(100 * 0.08m / 1_000_000m, CostCalculator.InputCost(Model("gpt-5.4-mini"), 100, 500));
            Assert.Equal(100 * 0.75m / 1_000_000m, CostCalculator.InputCost(Model("gpt-5.4-mini"), 100, -5));
        }

        [Fact]
        public void Estimate_is_input_plus_max_output_worst_case()
        {
            var mini = Model("gpt-5.4-mini");
            var e = CostCalculator.Estimate(mini, 10_000, null, isEstimate: false, source: "x.txt");
            Assert.Equal("gpt-5.4-mini", e.Model);
            Assert.Equal(10_000, e.InputTokens);
            Assert.Equal(0.0075m, e.InputCostUsd);
            Assert.Equal(128_000, e.MaxOutputTokens);
            Assert.Equal(0.576m, e.MaxOutputCostUsd);
            Assert.Equal(0.5835m, e.MaxTotalCostUsd);
            Assert.Equal(400_000, e.ContextWindow);
            Assert.True(e.FitsContext);
            Assert.Equal("x.txt", e.Source);

            var capped = CostCalculator.Estimate(mini, 10_000, 1_000, isEstimate: true);
            Assert.Equal(1_000, capped.MaxOutputTokens);
            Assert.Equal(0.012m, capped.MaxTotalCostUsd);
            Assert.True(capped.IsEstimate);
            Assert.False(CostCalculator.Estimate(mini, 400_001, 1, false).FitsContext);
        }
    }
}
