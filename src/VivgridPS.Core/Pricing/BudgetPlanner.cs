using System;
using System.Globalization;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Pricing
{
    /// <summary>
    /// -MaxCost (SPEC §2): the worst case (input tokens × input price + max output tokens × output price) must fit the
    /// budget. When the input alone (plus one output token) does not fit, the call fails with the numbers; otherwise
    /// max_completion_tokens is capped so the call cannot cost more than the budget.
    /// </summary>
    public static class BudgetPlanner
    {
        /// <summary>The max_completion_tokens to send: the smaller of what was asked (or the model maximum) and what the budget affords.</summary>
        public static int Plan(decimal maxCost, int inputTokens, int? requestedMaxOutput, ModelInfo model)
        {
            if (maxCost < 0) throw new ArgumentOutOfRangeException(nameof(maxCost), "The budget cannot be negative.");
            decimal? inputCost = CostCalculator.InputCost(model, inputTokens);
            decimal? outputPrice = CostCalculator.EffectivePrices(model, inputTokens).OutputPricePerMillion;
            if (!inputCost.HasValue || !outputPrice.HasValue) throw UnknownPrice(model);

            decimal remaining = maxCost - inputCost.Value;
            if (remaining < 0) throw OverBudget(maxCost, inputTokens, inputCost.Value, model, "the input alone costs more");

            int wanted = requestedMaxOutput ?? model.MaxOutputTokens ?? int.MaxValue;
            if (outputPrice.Value == 0) return wanted;
            // Floor: a fraction of a token cannot be bought, and rounding up could cross the budget.
            decimal affordable = Math.Floor(remaining * 1_000_000m / outputPrice.Value);
            if (affordable < 1) throw OverBudget(maxCost, inputTokens, inputCost.Value, model, "not even one output token fits after the input");
            return affordable >= wanted ? wanted : (int)affordable;
        }

        private static VivgridException OverBudget(decimal maxCost, int inputTokens, decimal inputCost, ModelInfo model, string why) =>
            new VivgridException(VivgridErrorId.BudgetExceeded, VivgridErrorKind.LimitsExceeded,
                string.Format(CultureInfo.InvariantCulture,
                    "Budget exceeded: {0:N0} input tokens cost {1} USD on {2}, and the budget (-MaxCost) is {3} USD: {4}. Nothing was sent.",
                    inputTokens, inputCost.ToString(CultureInfo.InvariantCulture), model.Id, maxCost.ToString(CultureInfo.InvariantCulture), why),
                "Raise -MaxCost, shorten the input, or choose a cheaper model (Get-VivgridModel lists prices).")
            { Target = model.Id };

        // A budget that cannot be checked must not be silently ignored: fail closed.
        private static VivgridException UnknownPrice(ModelInfo model) =>
            new VivgridException(VivgridErrorId.BudgetExceeded, VivgridErrorKind.InvalidArgument,
                "-MaxCost cannot be enforced: the catalog has no price for model '" + model.Id + "'. Nothing was sent.",
                "Add the model's prices to a user catalog ($env:VIVGRID_CATALOG), or omit -MaxCost.")
            { Target = model.Id };
    }
}
