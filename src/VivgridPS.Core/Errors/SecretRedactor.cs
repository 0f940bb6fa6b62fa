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
            }
            return BearerPattern.Replace(result, "$1" + Mask);
        }
    }
}
