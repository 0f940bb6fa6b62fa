using System;
using System.Linq;
using VivgridPS.Core.Chat;

namespace VivgridPS.Core.Pricing
{
    /// <summary>
    /// Money from token counts, in decimal USD (never binary floating point). Billing rules:
    /// cached input tokens are a part of the input tokens and are billed once, at the cached price;
    /// reasoning tokens are a part of the output tokens and are not added again;
    /// the price tier is chosen by the input token count of the request;
    /// an unknown price makes the cost unknown (null) rather than a wrong number.
    /// </summary>
    public static class CostCalculator
    {
        private const decimal Million = 1_000_000m;

        /// <summary>The prices that apply to a request with <paramref name="inputTokens"/> input tokens (tier AboveInputTokens = 0 for the base prices).</summary>
        public static PriceTier EffectivePrices(ModelInfo model, long inputTokens)
        {
            var tier = model.PriceTiers
                .Where(t => inputTokens > t.AboveInputTokens)
                .OrderByDescending(t => t.AboveInputTokens)
                .FirstOrDefault();
            return tier ?? new PriceTier
            {
                AboveInputTokens = 0,
                InputPricePerMillion = model.InputPricePerMillion,
                CachedInputPricePerMillion = model.CachedInputPricePerMillion,
                OutputPricePerMillion = model.OutputPricePerMillion,
            };
        }

        /// <summary>Cost of a completed call; null when a price it needs is unknown.</summary>
        public static decimal? Cost(ModelInfo model, long inputTokens, long cachedInputTokens, long outputTokens)
        {
            decimal? input = InputCost(model, inputTokens, cachedInputTokens);
            decimal? output = OutputCost(model, inputTokens, outputTokens);
            return input.HasValue && output.HasValue ? input.Value + output.Value : (decimal?)null;
        }

        /// <summary>Cost of a completed call from the usage the service reported (missing numbers count as 0).</summary>
        public static decimal? Cost(ModelInfo model, TokenUsage usage) =>
            Cost(model, usage.InputTokens ?? 0, usage.CachedInputTokens ?? 0, usage.OutputTokens ?? 0);

        /// <summary>
        /// Input cost: uncached tokens at the input price plus cached tokens at the cached price. A model without a
        /// cached price (deepseek-v3.2 in the catalog) bills cached tokens at the full input price: no discount is assumed.
        /// </summary>
        public static decimal? InputCost(ModelInfo model, long inputTokens, long cachedInputTokens = 0)
        {
            var prices = EffectivePrices(model, inputTokens);
            if (!prices.InputPricePerMillion.HasValue) return null;
            long cached = Math.Max(0, Math.Min(cachedInputTokens, inputTokens));
            decimal cachedPrice = prices.CachedInputPricePerMillion ?? prices.InputPricePerMillion.Value;
            return ((inputTokens - cached) * prices.InputPricePerMillion.Value + cached * cachedPrice) / Million;
        }

        /// <summary>Output cost (reasoning tokens included in <paramref name="outputTokens"/>); the tier follows the input size.</summary>
        public static decimal? OutputCost(ModelInfo model, long inputTokens, long outputTokens)
        {
            var prices = EffectivePrices(model, inputTokens);
            return prices.OutputPricePerMillion.HasValue ? Math.Max(0L, outputTokens) * prices.OutputPricePerMillion.Value / Million : (decimal?)null;
        }

        /// <summary>
        /// Worst case before a call: counted input at the input price (no cache discount assumed) plus
        /// <paramref name="maxOutputTokens"/> (default: the model maximum) at the output price.
        /// </summary>
        public static CostEstimate Estimate(ModelInfo model, int inputTokens, int? maxOutputTokens, bool isEstimate, object? source = null)
        {
            int maxOut = maxOutputTokens ?? model.MaxOutputTokens ?? 0;
            decimal? input = InputCost(model, inputTokens);
            decimal? output = OutputCost(model, inputTokens, maxOut);
            return new CostEstimate
            {
                Model = model.Id,
                InputTokens = inputTokens,
                InputCostUsd = input,
                MaxOutputTokens = maxOut,
                MaxOutputCostUsd = output,
                MaxTotalCostUsd = input.HasValue && output.HasValue ? input + output : null,
                ContextWindow = model.ContextWindow,
                FitsContext = ContextGuard.Fits(inputTokens, model),
                IsEstimate = isEstimate,
                Source = source,
            };
        }
    }
}
