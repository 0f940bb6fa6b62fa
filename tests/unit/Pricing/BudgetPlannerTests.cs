using VivgridPS.Tests.Models;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;
using VivgridPS.Core.Pricing;
using Xunit;

namespace VivgridPS.Tests.Pricing
{
    public sealed class BudgetPlannerTests
    {
        private static ModelInfo Mini => ModelCatalog.Bundled.Get("gpt-5.4-mini");

        [Fact]
        public void Caps_max_output_to_what_the_budget_affords()
        {
            // 10,000 input = 0.0075 USD; 0.05 budget leaves 0.0425 = 9,444.4 output tokens at 4.50/M → 9,444.
            Assert.Equal(9_444, BudgetPlanner.Plan(0.05m, 10_000, null, Mini));
            Assert.Equal(9_444, BudgetPlanner.Plan(0.05m, 10_000, 100_000, Mini));
            decimal worst = CostCalculator.InputCost(Mini, 10_000)!.Value + CostCalculator.OutputCost(Mini, 10_000, 9_444)!.Value;
            Assert.True(worst <= 0.05m);
            Assert.True(worst + 4.50m / 1_000_000m > 0.05m);
        }

        [Fact]
        public void Keeps_the_requested_or_model_maximum_when_it_fits()
        {
            Assert.Equal(500, BudgetPlanner.Plan(10m, 10_000, 500, Mini));
            Assert.Equal(128_000, BudgetPlanner.Plan(10m, 10_000, null, Mini));
        }

        [Fact]
        public void Exact_budget_for_one_token_is_allowed()
        {
            decimal exact = 1_000 * 0.75m / 1_000_000m + 4.50m / 1_000_000m;
            Assert.Equal(1, BudgetPlanner.Plan(exact, 1_000, null, Mini));
        }

        [Fact]
        public void Input_alone_over_budget_states_the_numbers()
        {
            var ex = Assert.Throws<VivgridException>(() => BudgetPlanner.Plan(0.01m, 100_000, null, Mini));
            Assert.Equal(VivgridErrorId.BudgetExceeded, ex.ErrorId);
            Assert.Equal(VivgridErrorKind.LimitsExceeded, ex.Kind);
            Assert.Contains("100,000 input tokens", ex.Message);
            Assert.Contains("0.075 USD", ex.Message);
            Assert.Contains("0.01 USD", ex.Message);
            Assert.Contains("gpt-5.4-mini", ex.Message);
        }

        [Fact]
        public void Not_even_one_output_token_fitting_is_BudgetExceeded()
        {
            decimal justInput = 1_000 * 0.75m / 1_000_000m; // input fits exactly, nothing left for output
            var ex = Assert.Throws<VivgridException>(() => BudgetPlanner.Plan(justInput + 0.000001m, 1_000, null, Mini));
            Assert.Equal(VivgridErrorId.BudgetExceeded, ex.ErrorId);
            Assert.Contains("not even one output token", ex.Message);
            Assert.Contains("1,000 input tokens", ex.Message);
        }

        [Fact]
        public void Unknown_price_fails_closed()
        {
            var ex = Assert.Throws<VivgridException>(() => BudgetPlanner.Plan(1m, 10, null, new ModelInfo { Id = "mystery" }));
            Assert.Equal(VivgridErrorId.BudgetExceeded, ex.ErrorId);
            Assert.Contains("mystery", ex.Message);
        }

        [Fact]
        public void Tiered_prices_are_used_for_large_prompts()
        {
            var gemini = ModelCatalog.Bundled.Get("gemini-3.1-pro-preview");
            // 300,000 input at 4.00 = 1.2 USD; 1.5 budget leaves 0.3 USD at 24.00/M = 12,500 tokens.
            Assert.Equal(12_500, BudgetPlanner.Plan(1.5m, 300_000, null, gemini));
            // Same budget at 200,000 input: 0.4 USD input, 1.1 left at 12.00/M = 91,666 → capped to max output 65,536.
            Assert.Equal(65_536, BudgetPlanner.Plan(1.5m, 200_000, null, gemini));
        }

        [Fact]
        public void Free_output_keeps_the_request()
        {
            var free = new ModelInfo { Id = "free", InputPricePerMillion = 1m, OutputPricePerMillion = 0m, MaxOutputTokens = 4_096 };
            Assert.Equal(4_096, BudgetPlanner.Plan(1m, 10, null, free));
        }

        [Fact]
        public void Context_guard_names_the_counted_tokens_and_the_window()
        {
            ContextGuard.Check(400_000, Mini);
            var ex = Assert.Throws<VivgridException>(() => ContextGuard.Check(400_001, Mini));
            Assert.Equal(VivgridErrorId.ContextWindowExceeded, ex.ErrorId);
            Assert.Equal(VivgridErrorKind.LimitsExceeded, ex.Kind);
            Assert.Contains("400,001", ex.Message);
            Assert.Contains("400,000", ex.Message);
            Assert.Contains("gpt-5.4-mini", ex.Message);
            ContextGuard.Check(int.MaxValue, new ModelInfo { Id = "unknown-window" });
        }
    }
}
