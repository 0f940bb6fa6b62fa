using System.Collections.Generic;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// The counting pass of a -Chunk run: every chunk's exact tokens, the output cap every request carries, and the
    /// worst case of the whole run. The sending pass reads the same chunks again and must find the same counts.
    /// </summary>
    public sealed class ChunkPlan
    {
        internal ChunkPlan(string source, ModelInfo model, int budget, int maxOutputTokens, IReadOnlyList<int> chunkTokens,
            IReadOnlyList<int> mapInputTokens, long lines, ReduceForecast reduce, decimal? maxTotalCost)
        {
            Source = source;
            Model = model;
            Budget = budget;
            MaxOutputTokens = maxOutputTokens;
            ChunkTokens = chunkTokens;
            MapInputTokens = mapInputTokens;
            Lines = lines;
            Reduce = reduce;
            MaxTotalCostUsd = maxTotalCost;
        }

        public string Source { get; }
        public ModelInfo Model { get; }
        /// <summary>Most tokens of input text in one chunk.</summary>
        public int Budget { get; }
        /// <summary>max_completion_tokens of every request of the run.</summary>
        public int MaxOutputTokens { get; }
        /// <summary>Tokens of each chunk's text, in order.</summary>
        public IReadOnlyList<int> ChunkTokens { get; }
        /// <summary>Exact input tokens of each map request.</summary>
        public IReadOnlyList<int> MapInputTokens { get; }
        public long Lines { get; }
        public int Chunks => ChunkTokens.Count;
        internal ReduceForecast Reduce { get; }
        public decimal? MaxTotalCostUsd { get; }

        public long TotalMapInputTokens
        {
            get
            {
                long sum = 0;
                foreach (var t in MapInputTokens) sum += t;
                return sum;
            }
        }

        public ChunkEstimate ToEstimate() => new ChunkEstimate
        {
            Model = Model.Id,
            Source = Source,
            Chunks = Chunks,
            Lines = Lines,
            ChunkTokens = Budget,
            InputTokens = TotalMapInputTokens,
            MaxOutputTokens = MaxOutputTokens,
            MaxReduceRequests = Reduce.Requests.Count,
            MaxRequests = Chunks + Reduce.Requests.Count,
            MaxReduceInputTokens = Reduce.TotalInputTokens,
            MaxTotalCostUsd = MaxTotalCostUsd,
            ContextWindow = Model.ContextWindow,
        };

        /// <summary>One line for -WhatIf, -Confirm and -Verbose.</summary>
        public string Describe()
        {
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            var cost = MaxTotalCostUsd is decimal c ? c.ToString("0.######", ci) + " USD" : "unknown (no price for " + Model.Id + ")";
            return string.Format(ci,
                "{0}: {1:N0} lines in {2:N0} chunk(s) of at most {3:N0} tokens; {2:N0} map request(s) with {4:N0} input tokens in all, " +
                "then at most {5:N0} combining request(s) (up to {6:N0} input tokens); every request at most {7:N0} output tokens; " +
                "worst-case total {8} on {9}",
                Source, Lines, Chunks, Budget, TotalMapInputTokens, Reduce.Requests.Count, Reduce.TotalInputTokens, MaxOutputTokens, cost, Model.Id);
        }
    }
}
