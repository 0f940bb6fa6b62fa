using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using VivgridPS.Core.Ledger;

namespace VivgridPS.Completers
{
    /// <summary>
    /// Completes -Tag with the distinct tags found in the recent part of the ledger (the -Path being typed, else the
    /// default ledger). Only the last ~1 MB is read so Tab stays instant on a ledger that has grown for years.
    /// </summary>
    public sealed class TagCompleter : IArgumentCompleter
    {
        internal const long TailBytes = 1024 * 1024;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            UsageLedger? ledger = TryResolveLedger(fakeBoundParameters);
            if (ledger is null || !ledger.IsEnabled) return Array.Empty<CompletionResult>();

            var pattern = new WildcardPattern(Unquote(wordToComplete) + "*", WildcardOptions.IgnoreCase);
            var tags = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                foreach (UsageRecord record in ledger.ReadTail(TailBytes))
                {
                    if (!string.IsNullOrEmpty(record.Tag) && pattern.IsMatch(record.Tag)) tags.Add(record.Tag!);
                }
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // A completer must never throw at the user's prompt; no suggestions is the honest answer.
                return Array.Empty<CompletionResult>();
            }

            var results = new List<CompletionResult>(tags.Count);
            foreach (string tag in tags)
            {
                results.Add(new CompletionResult(Quote(tag), tag, CompletionResultType.ParameterValue, tag));
            }
            return results;
        }

        private static UsageLedger? TryResolveLedger(IDictionary? fakeBoundParameters)
        {
            try
            {
                if (fakeBoundParameters?["Path"] is string path && path.Length > 0)
                {
                    return new UsageLedger(path);
                }
                return UsageLedger.FromEnvironment();
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is ArgumentException || ex is NotSupportedException)
            {
                return null;
            }
        }

        private static string Unquote(string? word)
        {
            if (string.IsNullOrEmpty(word)) return string.Empty;
            string trimmed = word!.Trim('\'', '"');
            return WildcardPattern.Escape(trimmed);
        }

        /// <summary>Tags with spaces or PowerShell metacharacters are inserted single-quoted so the command still parses.</summary>
        internal static string Quote(string tag)
        {
            foreach (char c in tag)
            {
                if (char.IsWhiteSpace(c) || "'\"`$&|;,(){}[]@#<>".IndexOf(c) >= 0)
                {
                    return "'" + tag.Replace("'", "''") + "'";
                }
            }
            return tag;
        }
    }
}
