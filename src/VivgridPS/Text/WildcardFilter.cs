using System;
using System.Linq;
using System.Management.Automation;

namespace VivgridPS.Text
{
    /// <summary>
    /// The module's one wildcard engine is PowerShell's own (WildcardPattern: *, ?, [a-z], backtick escapes, the same
    /// rules as Get-ChildItem). The core stays free of PowerShell and takes the predicate this makes.
    /// </summary>
    internal static class WildcardFilter
    {
        /// <summary>True for a value that matches any of <paramref name="patterns"/>, case-insensitive; null without patterns.</summary>
        public static Func<string?, bool>? AnyOf(string[]? patterns)
        {
            if (patterns is null || patterns.Length == 0) return null;
            var compiled = patterns.Select(Compile).ToArray();
            return value => value != null && compiled.Any(p => p.IsMatch(value));
        }

        /// <summary>WildcardPattern parses on first use; a bad pattern (e.g. an unclosed '[') fails here, as an argument error.</summary>
        private static WildcardPattern Compile(string? text)
        {
            var pattern = new WildcardPattern(text ?? string.Empty, WildcardOptions.IgnoreCase);
            try
            {
                pattern.IsMatch(string.Empty);
                return pattern;
            }
            catch (WildcardPatternException e)
            {
                throw new Core.Errors.VivgridException(Core.Errors.VivgridErrorId.InvalidArgument, Core.Errors.VivgridErrorKind.InvalidArgument,
                    $"'{text}' is not a valid wildcard pattern: {e.Message}", "Escape a literal [ or ] with a backtick (`[), or use * and ?.");
            }
        }
    }
}
