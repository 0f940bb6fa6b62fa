using System;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// PowerShell-style wildcard match (<c>*</c> any run, <c>?</c> one character), case-insensitive. The core has no
    /// System.Management.Automation, so it cannot use WildcardPattern; ids are short, so a simple backtracking match is enough.
    /// </summary>
    public static class WildcardMatcher
    {
        public static bool ContainsWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?' }) >= 0;

        public static bool IsMatch(string pattern, string text)
        {
            int p = 0, t = 0, starP = -1, starT = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || SameChar(pattern[p], text[t]))) { p++; t++; }
                else if (p < pattern.Length && pattern[p] == '*') { starP = p++; starT = t; }
                else if (starP >= 0) { p = starP + 1; t = ++starT; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        private static bool SameChar(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
    }
}
