namespace VivgridPS.Core.Tokens
{
    /// <summary>
    /// The o200k_base pre-tokenisation regex (<see cref="O200kBpeCounter.Pattern"/>) evaluated by hand for text that is
    /// all ASCII, where every one of its Unicode classes reduces to a character range. Written by hand because the
    /// regex engine is most of the cost of counting a log (about 40 ns a piece); this is a few ns. Each method below is
    /// one alternative of the pattern, tried in the same order with the same backtracking outcome; the tests compare its
    /// pieces with the regex's on random ASCII text. Non-ASCII text keeps using the regex.
    /// </summary>
    internal static class AsciiPreTokenizer
    {
        /// <summary>True when every char of the segment is below 0x80.</summary>
        public static bool IsAscii(string text, int start, int length)
        {
            var end = start + length;
            for (var i = start; i < end; i++)
            {
                if (text[i] >= 0x80) return false;
            }
            return true;
        }

        /// <summary>The end of the piece that starts at <paramref name="i"/> (the segment ends at <paramref name="end"/>).</summary>
        public static int NextPieceEnd(string s, int i, int end)
        {
            int k;
            if ((k = Letters(s, i, end, lowerRequired: true)) > 0) return k;
            if ((k = Letters(s, i, end, lowerRequired: false)) > 0) return k;
            if (IsDigit(s[i]))
            {
                k = i + 1;
                while (k < end && k < i + 3 && IsDigit(s[k])) k++;
                return k;
            }
            if ((k = Punctuation(s, i, end)) > 0) return k;
            // The three whitespace alternatives: \s*[\r\n]+ | \s+(?!\S) | \s+
            var e = i;
            while (e < end && IsSpace(s[e])) e++;
            for (var r = e - 1; r >= i; r--)
            {
                if (s[r] == '\r' || s[r] == '\n') return r + 1;
            }
            if (e == end) return e;
            if (e - 1 > i) return e - 1;
            return e;
        }

        /// <summary>
        /// [^\r\n\p{L}\p{N}]?[\p{Lu}...]*[\p{Ll}...]+(contraction)? when <paramref name="lowerRequired"/>, else
        /// [^\r\n\p{L}\p{N}]?[\p{Lu}...]+[\p{Ll}...]*(contraction)?; 0 when it does not match.
        /// </summary>
        private static int Letters(string s, int i, int end, bool lowerRequired)
        {
            var c = s[i];
            int j;
            if (IsLetter(c)) j = i;
            else if (c != '\r' && c != '\n' && !IsDigit(c)) j = i + 1;
            else return 0;
            var k = j;
            while (k < end && IsUpper(s[k])) k++;
            if (!lowerRequired && k == j) return 0;
            var lowerStart = k;
            while (k < end && IsLower(s[k])) k++;
            if (lowerRequired && k == lowerStart) return 0;
            return k + Contraction(s, k, end);
        }

        /// <summary>'s 't 're 've 'm 'll 'd, case-insensitive, as (?i:'s|'t|'re|'ve|'m|'ll|'d).</summary>
        private static int Contraction(string s, int k, int end)
        {
            if (k + 1 >= end || s[k] != '\'') return 0;
            var a = char.ToLowerInvariant(s[k + 1]);
            if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
            if (k + 2 >= end) return 0;
            var b = char.ToLowerInvariant(s[k + 2]);
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
            return 0;
        }

        /// <summary> ?[^\s\p{L}\p{N}]+[\r\n/]*; 0 when it does not match.</summary>
        private static int Punctuation(string s, int i, int end)
        {
            var j = s[i] == ' ' ? i + 1 : i;
            if (j >= end || !IsPunctuation(s[j])) return 0;
            var k = j + 1;
            while (k < end && IsPunctuation(s[k])) k++;
            while (k < end && (s[k] == '\r' || s[k] == '\n' || s[k] == '/')) k++;
            return k;
        }

        private static bool IsUpper(char c) => c >= 'A' && c <= 'Z';
        private static bool IsLower(char c) => c >= 'a' && c <= 'z';
        private static bool IsLetter(char c) => IsUpper(c) || IsLower(c);
        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        /// <summary>.NET's \s in ASCII: space, \t, \n, \v, \f, \r (not the other control characters).</summary>
        private static bool IsSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r');

        private static bool IsPunctuation(char c) => !IsSpace(c) && !IsLetter(c) && !IsDigit(c);
    }
}
