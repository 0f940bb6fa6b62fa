using System.Collections.Generic;
using VivgridPS.Core.Chat;

namespace VivgridPS.Core.Tokens
{
    /// <summary>
    /// The token counts a call is billed and reported by: input (with its cached part), output (with its reasoning
    /// part) and the total. Results, ledger lines and cost summaries stay flat for Select-Object and Export-Csv, so
    /// this is the one place that reads, sums and writes their counts; sums are checked, an overflow throws.
    /// </summary>
    /// <param name="Total">As reported; null where the source carries none (ledger lines, cost summaries).</param>
    internal readonly record struct TokenTotals(long Input, long CachedInput, long Output, long Reasoning, long? Total)
    {
        public static readonly TokenTotals Zero = new TokenTotals(0, 0, 0, 0, 0);

        /// <summary>Usage as the service reported it: a count it left out is 0, a total it left out is input + output.</summary>
        public static TokenTotals From(TokenUsage? usage)
        {
            long input = usage?.InputTokens ?? 0;
            long output = usage?.OutputTokens ?? 0;
            return new TokenTotals(input, usage?.CachedInputTokens ?? 0, output, usage?.ReasoningTokens ?? 0,
                usage?.TotalTokens ?? checked(input + output));
        }

        public static TokenTotals Of(VivgridPS.ChatResult result) =>
            new TokenTotals(result.InputTokens, result.CachedInputTokens, result.OutputTokens, result.ReasoningTokens, result.TotalTokens);

        public static TokenTotals Of(VivgridPS.UsageRecord record) =>
            new TokenTotals(record.InputTokens, record.CachedInputTokens, record.OutputTokens, record.ReasoningTokens, null);

        public TokenTotals Add(TokenTotals other) => new TokenTotals(
            checked(Input + other.Input), checked(CachedInput + other.CachedInput), checked(Output + other.Output),
            checked(Reasoning + other.Reasoning), Total is long total && other.Total is long more ? checked(total + more) : (long?)null);

        public static TokenTotals Sum(IEnumerable<TokenTotals> all)
        {
            var sum = Zero;
            foreach (var tokens in all) sum = sum.Add(tokens);
            return sum;
        }

        /// <summary>A total the source did not carry is written as input + output.</summary>
        public void CopyTo(VivgridPS.ChatResult result)
        {
            result.InputTokens = Input;
            result.CachedInputTokens = CachedInput;
            result.OutputTokens = Output;
            result.ReasoningTokens = Reasoning;
            result.TotalTokens = Total ?? checked(Input + Output);
        }

        public void CopyTo(VivgridPS.UsageRecord record)
        {
            record.InputTokens = Input;
            record.CachedInputTokens = CachedInput;
            record.OutputTokens = Output;
            record.ReasoningTokens = Reasoning;
        }

        public void CopyTo(VivgridPS.CostSummary summary)
        {
            summary.InputTokens = Input;
            summary.CachedInputTokens = CachedInput;
            summary.OutputTokens = Output;
            summary.ReasoningTokens = Reasoning;
        }
    }
}
