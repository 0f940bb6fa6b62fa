using System.Globalization;

namespace VivgridPS.Core.Pricing
{
    /// <summary>What a finished call's cost should tell the user: the texts of the warnings, decided in one place.</summary>
    public static class CostNotices
    {
        /// <summary>The reported cost went past -MaxCost (usage beyond the cap, or a pricier model answered); else null.</summary>
        public static string? OverBudget(decimal? maxCost, VivgridPS.ChatResult result)
        {
            if (maxCost is not decimal max || result.CostUsd is not decimal cost || cost <= max) return null;
            return string.Format(CultureInfo.InvariantCulture,
                "The call cost {0} USD as the service reported it ({1:N0} in / {2:N0} out tokens on {3}), more than -MaxCost {4} USD; " +
                "the ledger line is marked overBudget.",
                cost, result.InputTokens, result.OutputTokens, result.Model ?? result.RequestedModel ?? "the service default", max);
        }

        /// <summary>The figures were counted locally because the service reported no usage; else null.</summary>
        public static string? Estimated(VivgridPS.ChatResult result) => !result.IsEstimate ? null :
            "The service reported no usage for " + (result.FinishReason == "interrupted" ? "this interrupted call" : "this call") +
            ": its tokens and cost were counted locally from what was sent and received (IsEstimate is true).";
    }
}
