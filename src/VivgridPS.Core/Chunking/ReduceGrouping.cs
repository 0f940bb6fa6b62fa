using System.Collections.Generic;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// Which partial answers one reduce request combines: consecutive answers while they fit (next-fit, which keeps
    /// input order and never makes more groups when answers are shorter, so the worst case bounds the real run).
    /// </summary>
    internal static class ReduceGrouping
    {
        /// <summary>Groups as (start, count) over <paramref name="itemTokens"/>; null when an answer alone does not fit.</summary>
        public static List<(int Start, int Count)>? Group(IReadOnlyList<int> itemTokens, long capacity)
        {
            var groups = new List<(int, int)>();
            int start = 0;
            long used = 0;
            for (var i = 0; i < itemTokens.Count; i++)
            {
                if (itemTokens[i] > capacity) return null;
                if (i > start && used + itemTokens[i] > capacity)
                {
                    groups.Add((start, i - start));
                    start = i;
                    used = 0;
                }
                used += itemTokens[i];
            }
            if (itemTokens.Count > start) groups.Add((start, itemTokens.Count - start));
            return groups;
        }
    }
}
