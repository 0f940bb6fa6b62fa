using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>The cap on one whole answer (ResponseLimits.MaxAnswerChars), checked after each event is applied.</summary>
    internal static class AnswerCap
    {
        /// <exception cref="VivgridException">ResponseTooLarge with everything received so far as PartialResult.</exception>
        public static void Check(CompletionState state, int maxAnswerChars)
        {
            if (state.TextChars > maxAnswerChars)
            {
                throw ResponseFaults.TooLarge("an answer", maxAnswerChars, "characters", state.Snapshot());
            }
        }
    }
}
