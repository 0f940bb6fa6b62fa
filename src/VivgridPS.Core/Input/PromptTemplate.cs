using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Input
{
    /// <summary>A prompt with {{Name}} placeholders filled from each input object's properties (pipeline rule 3).</summary>
    public sealed class PromptTemplate
    {
        private static readonly Regex Placeholder = new Regex(@"\{\{\s*([^{}]+?)\s*\}\}", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private readonly string _text;

        private PromptTemplate(string text, IReadOnlyList<string> names)
        {
            _text = text;
            Names = names;
        }

        public IReadOnlyList<string> Names { get; }

        /// <summary>A template when the prompt has at least one {{...}} placeholder, else null.</summary>
        public static PromptTemplate? TryParse(string? prompt)
        {
            if (string.IsNullOrEmpty(prompt)) return null;
            var names = new List<string>();
            foreach (Match m in Placeholder.Matches(prompt!))
            {
                if (!names.Contains(m.Groups[1].Value)) names.Add(m.Groups[1].Value);
            }
            return names.Count == 0 ? null : new PromptTemplate(prompt!, names);
        }

        /// <summary>
        /// Fills every placeholder. <paramref name="lookup"/> returns false for a property the object lacks;
        /// that is an error naming the property and what the object has, since a silently empty field would
        /// send the model a broken question.
        /// </summary>
        public string Fill(TryGetValue lookup, Func<IEnumerable<string>> availableNames)
        {
            var missing = new List<string>();
            var result = Placeholder.Replace(_text, m =>
            {
                var name = m.Groups[1].Value;
                if (lookup(name, out var value)) return value ?? string.Empty;
                missing.Add(name);
                return m.Value;
            });
            if (missing.Count > 0)
            {
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    $"The input object has no property {string.Join(", ", missing)} used in the -Prompt template.",
                    "Use one of its properties: " + string.Join(", ", availableNames()) + ".");
            }
            return result;
        }

        public delegate bool TryGetValue(string name, out string? value);
    }
}
