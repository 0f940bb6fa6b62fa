using System;
using System.Collections.Generic;
using System.Linq;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// Picks the ids nearest to a mistyped one, for "unknown model" messages: ids that start with what was typed come first
    /// (a user who typed "gpt-5.4" may mean any of its variants), then by edit distance, then by longest shared prefix.
    /// </summary>
    public static class ClosestIdFinder
    {
        public static IReadOnlyList<string> Find(string typed, IEnumerable<string> candidates, int count)
        {
            string needle = (typed ?? string.Empty).ToLowerInvariant();
            return candidates
                .Select(id => (Id: id, Lower: id.ToLowerInvariant()))
                .OrderBy(c => c.Lower.StartsWith(needle, StringComparison.Ordinal) && needle.Length > 0 ? 0 : 1)
                .ThenBy(c => EditDistance(needle, c.Lower))
                .ThenByDescending(c => CommonPrefixLength(needle, c.Lower))
                .ThenBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
                .Take(Math.Max(0, count))
                .Select(c => c.Id)
                .ToList();
        }

        /// <summary>Levenshtein distance (insert, delete, substitute each cost 1), two-row form.</summary>
        public static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }

        private static int CommonPrefixLength(string a, string b)
        {
            int n = Math.Min(a.Length, b.Length), i = 0;
            while (i < n && a[i] == b[i]) i++;
            return i;
        }
    }
}
