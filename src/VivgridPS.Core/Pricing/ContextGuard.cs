using System.Globalization;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Pricing
{
    /// <summary>SPEC §3: a prompt larger than the model's context window fails before anything is sent.</summary>
    public static class ContextGuard
    {
        /// <summary>True/false when the window is known, null when the catalog does not say.</summary>
        public static bool? Fits(int inputTokens, ModelInfo model) =>
            model.ContextWindow.HasValue ? inputTokens <= model.ContextWindow.Value : (bool?)null;

        /// <summary>Throws VivgridException(ContextWindowExceeded) naming the counted tokens and the window; an unknown window passes.</summary>
        public static void Check(int inputTokens, ModelInfo model)
        {
            if (Fits(inputTokens, model) != false) return;
            throw new VivgridException(VivgridErrorId.ContextWindowExceeded, VivgridErrorKind.LimitsExceeded,
                string.Format(CultureInfo.InvariantCulture,
                    "The prompt has {0:N0} input tokens (counted locally), more than the {1:N0}-token context window of {2}. Nothing was sent.",
                    inputTokens, model.ContextWindow!.Value, model.Id),
                "Add -Chunk to split the input on lines into requests that fit and combine their answers (-WhatIf shows the chunks and the worst-case cost first), shorten the input, or choose a model with a larger context window.")
            { Target = model.Id };
        }
    }
}
