using System;

namespace VivgridPS.Core.Tokens
{
    /// <summary>Tokenizer names, and the family guess for ids the catalog does not describe (live-only models).</summary>
    public static class TokenizerNames
    {
        public const string O200kBase = "o200k_base";

        /// <summary>o200k_base for the GPT-4o/4.1/5.x, o-series and codex families (SPEC §4); null (estimate) otherwise.</summary>
        public static string? ForModelId(string? id)
        {
            if (string.IsNullOrEmpty(id)) return null;
            string m = id!.ToLowerInvariant();
            if (m.StartsWith("gpt-4o", StringComparison.Ordinal) || m.StartsWith("chatgpt-4o", StringComparison.Ordinal) ||
                m.StartsWith("gpt-4.1", StringComparison.Ordinal) || m.StartsWith("gpt-5", StringComparison.Ordinal) ||
                m.StartsWith("o1", StringComparison.Ordinal) || m.StartsWith("o3", StringComparison.Ordinal) ||
                m.StartsWith("o4", StringComparison.Ordinal) || m.Contains("codex"))
            {
                return O200kBase;
            }
            return null;
        }
    }
}
