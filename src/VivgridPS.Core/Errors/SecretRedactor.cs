using System;
using System.Text.RegularExpressions;

namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// Removes the API key from any text bound for a user-visible stream (errors, verbose, debug, -WhatIf).
    /// Services sometimes echo the key they were sent; a proxy error page may echo the Authorization header.
    /// </summary>
    public static class SecretRedactor
    {
        public const string Mask = "***";
        private static readonly Regex BearerPattern = new Regex(@"(?i)(bearer\s+)[^\s""',;]+", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        public static string Redact(string? text, string? secret)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            var result = text!;
            if (!string.IsNullOrEmpty(secret) && secret!.Length >= 4)
            {
                result = result.Replace(secret, Mask);
                result = MaskCutOffKey(result, secret);
            }
            return BearerPattern.Replace(result, "$1" + Mask);
        }

        /// <summary>
        /// Error bodies are truncated for display (ApiErrorParser keeps 2 KB), which can cut an echoed key in two:
        /// the full-key replace then misses the head left at the end. Masks a trailing key prefix of 6+ characters
        /// (before an optional "…" truncation mark).
        /// </summary>
        private static string MaskCutOffKey(string text, string secret)
        {
            const int MinPrefix = 6;
            var end = text.EndsWith("…", StringComparison.Ordinal) ? text.Length - 1 : text.Length;
            for (var length = Math.Min(secret.Length - 1, end); length >= MinPrefix; length--)
            {
                if (string.CompareOrdinal(text, end - length, secret, 0, length) == 0)
                {
                    return text.Substring(0, end - length) + Mask + text.Substring(end);
                }
            }
            return text;
        }
    }
}
