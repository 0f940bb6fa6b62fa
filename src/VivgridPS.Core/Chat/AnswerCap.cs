using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>The cap on one whole answer (ResponseLimits.MaxAnswerChars), checked after each event is applied.</summary>
    internal static class AnswerCap
    {
        /// <exception cref="VivgridException">ResponseTooLarge; everything received so far stays in the state for the partial result.</exception>
        public static void Check(CompletionState state, int maxAnswerChars)
        {
            if (state.TextChars > maxAnswerChars)
            {
                throw ResponseFaults.TooLarge("an answer", maxAnswerChars, "characters");
            }
        }
    }
}
