using System.Linq;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// Copies catalog entries before they leave the catalog: ModelInfo has setters (it is a PowerShell output object), and a
    /// user editing an emitted object must not change the prices the session bills with.
    /// </summary>
    public static class ModelInfoCopier
    {
        public static ModelInfo Copy(ModelInfo source) => new ModelInfo
        {
            Id = source.Id,
            Provider = source.Provider,
            ContextWindow = source.ContextWindow,
            MaxOutputTokens = source.MaxOutputTokens,
            InputModalities = (string[])source.InputModalities.Clone(),
            SupportsTools = source.SupportsTools,
            KnowledgeCutoff = source.KnowledgeCutoff,
            InputPricePerMillion = source.InputPricePerMillion,
            CachedInputPricePerMillion = source.CachedInputPricePerMillion,
            OutputPricePerMillion = source.OutputPricePerMillion,
            Api = source.Api,
            ReasoningEfforts = (string[]?)source.ReasoningEfforts?.Clone(),
            DefaultReasoningEffort = source.DefaultReasoningEffort,
            SamplingEfforts = (string[]?)source.SamplingEfforts?.Clone(),
            SupportsStop = source.SupportsStop,
            Regions = (string[])source.Regions.Clone(),
            Available = source.Available,
            Tokenizer = source.Tokenizer,
            PriceTiers = source.PriceTiers.Select(CopyTier).ToArray(),
            Origin = source.Origin,
            Sources = (string[])source.Sources.Clone(),
        };

        private static PriceTier CopyTier(PriceTier t) => new PriceTier
        {
            AboveInputTokens = t.AboveInputTokens,
            InputPricePerMillion = t.InputPricePerMillion,
            CachedInputPricePerMillion = t.CachedInputPricePerMillion,
            OutputPricePerMillion = t.OutputPricePerMillion,
        };
    }
}
