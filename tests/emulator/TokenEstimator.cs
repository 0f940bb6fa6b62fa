using System.Text;

namespace VivgridEmulator;

/// <summary>
/// Deterministic stand-in for o200k_base so usage numbers are real without depending on the module's tokenizer:
/// a token is ceil(UTF-8 bytes / 4); each message costs 3 more (role and separators) and the prompt 3 more to prime the
/// reply — the overheads OpenAI documents for chat formatting. Non-text parts (images, files) cost a flat 85, the
/// low-detail image price.
/// </summary>
internal static class TokenEstimator
{
    public const int PerMessage = 3;
    public const int ReplyPriming = 3;
    public const int NonTextPart = 85;

    public static int CountText(string? text) => string.IsNullOrEmpty(text) ? 0 : (Encoding.UTF8.GetByteCount(text) + 3) / 4;

    /// <summary>The longest prefix whose estimate fits in <paramref name="maxTokens"/>, never splitting a surrogate pair.</summary>
    public static string TruncateToTokens(string text, int maxTokens)
    {
        int budget = Math.Max(0, maxTokens) * 4;
        int bytes = 0;
        int i = 0;
        while (i < text.Length)
        {
            int width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            i += width;
        }

        return text.Substring(0, i);
    }
}
