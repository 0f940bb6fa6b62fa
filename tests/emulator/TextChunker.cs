namespace VivgridEmulator;

/// <summary>Splits reply text into word-ish deltas the way real streams arrive: each piece starts with its leading space.</summary>
internal static class TextChunker
{
    public static IReadOnlyList<string> SplitWords(string text)
    {
        var pieces = new List<string>();
        int start = 0;
        for (int i = 1; i < text.Length; i++)
        {
            bool boundary = char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]);
            if (boundary)
            {
                pieces.Add(text.Substring(start, i - start));
                start = i;
            }
        }

        if (start < text.Length)
        {
            pieces.Add(text.Substring(start));
        }

        return pieces;
    }

    /// <summary>Cuts tool-call arguments into about <paramref name="parts"/> fragments so clients must reassemble them.</summary>
    public static IReadOnlyList<string> SplitFragments(string text, int parts)
    {
        if (text.Length == 0)
        {
            return Array.Empty<string>();
        }

        int size = Math.Max(1, (text.Length + parts - 1) / parts);
        var pieces = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int length = Math.Min(size, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length++;
            }

            pieces.Add(text.Substring(start, length));
            start += length;
        }

        return pieces;
    }
}
