using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;

namespace VivgridPS.Completers
{
    /// <summary>
    /// Tab completion for -Model/-Name: catalog ids (bundled plus $env:VIVGRID_CATALOG) whose id starts with what was typed,
    /// case-insensitive, wildcards allowed. It never calls the service: completion must be instant.
    /// </summary>
    public sealed class ModelCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return Catalog().All
                .Where(m => pattern.IsMatch(m.Id))
                .Select(m => new CompletionResult(Quote(m.Id), m.Id, CompletionResultType.ParameterValue, ToolTip(m)))
                .ToList();
        }

        private static ModelCatalog Catalog()
        {
            try
            {
                return ModelCatalog.Current;
            }
            catch (VivgridException)
            {
                // A broken user catalog is reported by the commands themselves; completion still offers the bundled ids.
                return ModelCatalog.Bundled;
            }
        }

        private static string ToolTip(ModelInfo m)
        {
            string prices = m.InputPricePerMillion.HasValue && m.OutputPricePerMillion.HasValue
                ? string.Format(CultureInfo.InvariantCulture, "${0} in / ${1} out per 1M tokens", m.InputPricePerMillion, m.OutputPricePerMillion)
                : "price unknown";
            string context = m.ContextWindow.HasValue ? m.ContextWindow.Value.ToString("N0", CultureInfo.InvariantCulture) + " context" : "context unknown";
            return m.Id + " (" + (m.Provider ?? "unknown provider") + "): " + prices + ", " + context;
        }

        private static string Quote(string id) =>
            id.Any(c => char.IsWhiteSpace(c) || "'\"`$&|;,(){}<>@#".IndexOf(c) >= 0) ? "'" + id.Replace("'", "''") + "'" : id;
    }
}
