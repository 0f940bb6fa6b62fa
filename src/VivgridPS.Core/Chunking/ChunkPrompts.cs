using System.Globalization;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// The words a -Chunk run adds to the user's prompt: what part of the input a map request holds, and how a reduce
    /// request should combine the partial answers. Kept short: they are paid for in every request.
    /// </summary>
    public static class ChunkPrompts
    {
        /// <summary>Numbers at least as wide as any real one: the budget is computed with them, so real notes never count more.</summary>
        internal const int WidestNumber = 999_999_999;

        public static string MapNote(int part, int parts) => string.Format(CultureInfo.InvariantCulture,
            "The input is too long for one request, so it was split; the next message is part {0} of {1}. " +
            "Answer for this part only; the answers to all parts are combined afterwards.", part, parts);

        public static string ReduceNote(int first, int last, int parts) => first == 1 && last == parts
            ? string.Format(CultureInfo.InvariantCulture,
                "The input was too long for one request, so it was split into {0} parts and each part was answered on its own. " +
                "The next messages are those answers, in input order. Combine them into one answer to the request above, as if the whole input had been answered at once.",
                parts)
            : string.Format(CultureInfo.InvariantCulture,
                "The input was too long for one request, so it was split into {0} parts and each part was answered on its own. " +
                "The next messages are the answers for parts {1} to {2}, in input order. Combine them into one answer for those parts.",
                parts, first, last);

        public static string PartLabel(int first, int last) => first == last
            ? string.Format(CultureInfo.InvariantCulture, "Answer for part {0}:", first)
            : string.Format(CultureInfo.InvariantCulture, "Combined answer for parts {0} to {1}:", first, last);

        /// <summary>The user text of a request: the prompt, a blank line, then the note (the note alone without a prompt).</summary>
        public static string WithPrompt(string? prompt, string note) =>
            string.IsNullOrWhiteSpace(prompt) ? note : prompt + "\n\n" + note;
    }
}
