using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace VivgridPS.Core.Text
{
    /// <summary>
    /// PowerShell-style wildcards (*, ?, [abc], [a-z], backtick escape), case-insensitive, without referencing
    /// System.Management.Automation: the core must stay PowerShell-free.
    /// </summary>
    public sealed class WildcardMatcher
    {
        private readonly Regex[] _patterns;

        private WildcardMatcher(Regex[] patterns) => _patterns = patterns;

        /// <returns>null when there is nothing to filter on (no patterns), so callers can skip the check.</returns>
        public static WildcardMatcher? Create(IEnumerable<string?>? patterns)
        {
            if (patterns is null) return null;
            var regexes = new List<Regex>();
            foreach (string? pattern in patterns)
            {
                if (pattern is null) continue;
                regexes.Add(new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline));
            }
            return regexes.Count == 0 ? null : new WildcardMatcher(regexes.ToArray());
        }

        /// <summary>True when any pattern matches any of the given values (null values never match).</summary>
        public bool MatchesAny(string? first, string? second = null)
        {
            foreach (Regex regex in _patterns)
            {
                if (first is not null && regex.IsMatch(first)) return true;
                if (second is not null && regex.IsMatch(second)) return true;
            }
            return false;
        }

        /// <summary>One pattern against one text; an empty pattern matches only empty text.</summary>
        public static bool IsMatch(string pattern, string text) =>
            Create(new[] { pattern })?.MatchesAny(text) ?? false;

        internal static string ToRegex(string pattern)
        {
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '`' when i + 1 < pattern.Length:
                        sb.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    case '*':
                        sb.Append(".*");
                        break;
                    case '?':
                        sb.Append('.');
                        break;
                    case '[':
                        i = AppendBracket(pattern, i, sb);
                        break;
                    default:
                        sb.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }
            return sb.Append('$').ToString();
        }

        /// <summary>Copies a [..] set; an unclosed '[' is taken literally, as PowerShell does.</summary>
        private static int AppendBracket(string pattern, int open, StringBuilder sb)
        {
            int close = pattern.IndexOf(']', open + 1);
            if (close < 0)
            {
                sb.Append(Regex.Escape("["));
                return open;
            }
            sb.Append('[');
            for (int j = open + 1; j < close; j++)
            {
                char c = pattern[j];
                // Keep ranges (a-z) but neutralise characters that mean something else inside a regex class.
                if (c == '\\' || c == '^' || c == '[') sb.Append('\\');
                sb.Append(c);
            }
            sb.Append(']');
            return close;
        }
    }
}
