using System;

namespace VivgridPS
{
    /// <summary>A model from the bundled/user catalog, optionally confirmed by the live model list.</summary>
    public sealed class ModelInfo
    {
        public string Id { get; set; } = string.Empty;
        public string? Provider { get; set; }
        public int? ContextWindow { get; set; }
        public int? MaxOutputTokens { get; set; }
        public string[] InputModalities { get; set; } = Array.Empty<string>();
        public bool SupportsTools { get; set; }
        public string? KnowledgeCutoff { get; set; }
        public decimal? InputPricePerMillion { get; set; }
        public decimal? CachedInputPricePerMillion { get; set; }
        public decimal? OutputPricePerMillion { get; set; }
        /// <summary>chat or responses: which endpoint serves the model.</summary>
        public string Api { get; set; } = "chat";
        /// <summary>Reasoning efforts the model accepts (none, minimal, low, medium, high, xhigh); null when unknown (not checked).</summary>
        public string[]? ReasoningEfforts { get; set; }
        /// <summary>The effort the service uses when none is sent; null when unknown.</summary>
        public string? DefaultReasoningEffort { get; set; }
        /// <summary>
        /// The reasoning efforts with which temperature/top_p other than 1 are accepted: empty = never (only the default
        /// 1), e.g. ["none"] for gpt-5.1 and later; null = always accepted.
        /// </summary>
        public string[]? SamplingEfforts { get; set; }
        /// <summary>Whether stop sequences are accepted; null when unknown (not checked).</summary>
        public bool? SupportsStop { get; set; }
        public string[] Regions { get; set; } = Array.Empty<string>();
        /// <summary>True/false when the live list was consulted; null when unknown.</summary>
        public bool? Available { get; set; }
        /// <summary>Tokenizer name (o200k_base) or null when counts are estimates.</summary>
        public string? Tokenizer { get; set; }
        /// <summary>Price tiers above a prompt size (e.g. Gemini doubles above 200K input tokens).</summary>
        public PriceTier[] PriceTiers { get; set; } = Array.Empty<PriceTier>();
        /// <summary>Where the entry came from: bundled, user, or live.</summary>
        public string Origin { get; set; } = "bundled";
        /// <summary>Where the catalog's facts come from (documentation pages, price lists).</summary>
        public string[] Sources { get; set; } = Array.Empty<string>();

        public override string ToString() => Id;
    }
}
