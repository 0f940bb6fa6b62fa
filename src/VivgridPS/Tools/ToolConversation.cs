using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace VivgridPS.Tools
{
    /// <summary>
    /// The rounds of one work item so far. The final ChatResult reports the whole conversation: tokens and cost
    /// summed over every round, Duration from the first request to the last answer (tool run time included).
    /// </summary>
    internal sealed class ToolConversation
    {
        private readonly List<VivgridPS.ChatResult> _rounds = new List<VivgridPS.ChatResult>();
        private readonly Stopwatch _sinceFirstAnswer = Stopwatch.StartNew();

        public ToolConversation(VivgridPS.ChatResult first)
        {
            _rounds.Add(first);
        }

        /// <summary>Answers that asked for tools, which ran (the number of tool rounds done).</summary>
        public int Rounds => _rounds.Count;

        public void Add(VivgridPS.ChatResult round) => _rounds.Add(round);

        /// <summary>USD spent by the rounds so far; null when one of them has no known price.</summary>
        public decimal? CostSoFar => _rounds.Any(r => r.CostUsd is null) ? null : _rounds.Sum(r => r.CostUsd!.Value);

        /// <summary>Adds the earlier rounds' usage into <paramref name="last"/>, the answer the user gets.</summary>
        public VivgridPS.ChatResult Combine(VivgridPS.ChatResult last)
        {
            var all = _rounds.Concat(new[] { last }).ToList();
            last.InputTokens = all.Sum(r => r.InputTokens);
            last.CachedInputTokens = all.Sum(r => r.CachedInputTokens);
            last.OutputTokens = all.Sum(r => r.OutputTokens);
            last.ReasoningTokens = all.Sum(r => r.ReasoningTokens);
            last.TotalTokens = all.Sum(r => r.TotalTokens);
            last.CostUsd = all.Any(r => r.CostUsd is null) ? null : all.Sum(r => r.CostUsd!.Value);
            last.Duration = _rounds[0].Duration + _sinceFirstAnswer.Elapsed;
            last.TimeToFirstToken = _rounds[0].TimeToFirstToken;
            return last;
        }
    }
}
