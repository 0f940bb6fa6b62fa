using System.Collections.Generic;
using VivgridPS.Core.Pricing;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// The combining (reduce) requests a run needs at worst: every partial answer as long as the output cap, grouped
    /// as the run will group the real answers (<see cref="ReduceGrouping"/>), level after level until one remains.
    /// </summary>
    internal sealed class ReduceForecast
    {
        private ReduceForecast(List<int> requests) => Requests = requests;

        /// <summary>Input tokens of each combining request, at worst.</summary>
        public List<int> Requests { get; }

        public long TotalInputTokens
        {
            get
            {
                long sum = 0;
                foreach (var t in Requests) sum += t;
                return sum;
            }
        }

        /// <summary>Null when answers of <paramref name="cap"/> tokens could not be combined within the window.</summary>
        public static ReduceForecast? For(ChunkRequests requests, int parts, int cap, int window)
        {
            var result = new List<int>();
            if (parts <= 1) return new ReduceForecast(result);
            long capacity = (long)window - cap - requests.MaxReduceOverhead();
            var ranges = new List<(int First, int Last)>();
            var tokens = new List<int>();
            for (var i = 1; i <= parts; i++)
            {
                ranges.Add((i, i));
                tokens.Add(requests.PartMessageTokens(i, i, cap));
            }
            while (true)
            {
                var groups = ReduceGrouping.Group(tokens, capacity);
                if (groups is null || (groups.Count > 1 && groups.Count == tokens.Count)) return null;
                var nextRanges = new List<(int, int)>();
                var nextTokens = new List<int>();
                foreach (var (start, count) in groups)
                {
                    var first = ranges[start].First;
                    var last = ranges[start + count - 1].Last;
                    if (count == 1 && groups.Count > 1)
                    {
                        nextRanges.Add(ranges[start]);
                        nextTokens.Add(tokens[start]);
                        continue;
                    }
                    long input = requests.ReduceOverhead(first, last, parts);
                    for (var k = start; k < start + count; k++) input += tokens[k];
                    result.Add((int)input);
                    nextRanges.Add((first, last));
                    nextTokens.Add(requests.PartMessageTokens(first, last, cap));
                }
                if (groups.Count == 1) return new ReduceForecast(result);
                ranges = nextRanges;
                tokens = nextTokens;
            }
        }

        /// <summary>Worst-case USD of these requests at <paramref name="cap"/> output tokens each; null when a price is unknown.</summary>
        public decimal? Cost(ModelInfo model, int cap)
        {
            decimal total = 0;
            foreach (var input in Requests)
            {
                var cost = WorstCost(model, input, cap);
                if (cost is null) return null;
                total += cost.Value;
            }
            return total;
        }

        internal static decimal? WorstCost(ModelInfo model, long input, int cap)
        {
            var i = CostCalculator.InputCost(model, input);
            var o = CostCalculator.OutputCost(model, input, cap);
            return i.HasValue && o.HasValue ? i + o : null;
        }
    }
}
