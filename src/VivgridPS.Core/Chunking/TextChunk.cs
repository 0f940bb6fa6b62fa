namespace VivgridPS.Core.Chunking
{
    /// <summary>One piece of a -Chunk input: its text (null in a counting-only pass), exact o200k tokens and line span.</summary>
    /// <param name="Index">0-based position among the chunks.</param>
    /// <param name="Text">The exact input text of the chunk (line terminators kept); null when the pass only counts.</param>
    /// <param name="Tokens">o200k_base tokens of <paramref name="Text"/>, exactly as the text counts on its own.</param>
    /// <param name="FirstLine">1-based input line the chunk starts in.</param>
    /// <param name="LastLine">1-based input line the chunk ends in (the same line as the next chunk's first when a long line was split).</param>
    /// <param name="Chars">UTF-16 length of the text.</param>
    public sealed record TextChunk(int Index, string? Text, int Tokens, long FirstLine, long LastLine, long Chars);
}
