using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace VivgridPS.Tools
{
    /// <summary>
    /// The synopsis and parameter descriptions of a function's or script's comment-based help. Cmdlets are not
    /// asked: their help lives in downloadable files, and on Windows PowerShell a missing help file can prompt to
    /// run Update-Help, which an unattended run must never do. Parameter HelpMessage attributes are used for all.
    /// </summary>
    internal sealed class ToolHelp
    {
        private const string Script =
            "param($c) $h = Get-Help -Name $c.Name -ErrorAction Ignore | Select-Object -First 1; if ($h) { " +
            "[string]$h.Synopsis; foreach ($p in @($h.parameters.parameter)) { if ($p) { [string]$p.name; " +
            "(@($p.description) | ForEach-Object { $_.Text }) -join ' ' } } }";

        private ToolHelp(string? synopsis, Dictionary<string, string> parameters)
        {
            Synopsis = synopsis;
            Parameters = parameters;
        }

        public string? Synopsis { get; }
        public Dictionary<string, string> Parameters { get; }

        public static ToolHelp Read(CommandInvocationIntrinsics invoke, CommandInfo command)
        {
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (command is not FunctionInfo && command is not ExternalScriptInfo) return new ToolHelp(null, parameters);
            try
            {
                var lines = invoke.InvokeScript(true, ScriptBlock.Create(Script), null, command);
                if (lines.Count == 0) return new ToolHelp(null, parameters);
                var synopsis = lines[0]?.ToString()?.Trim();
                for (var i = 1; i + 1 < lines.Count; i += 2)
                {
                    var text = lines[i + 1]?.ToString()?.Trim();
                    if (!string.IsNullOrEmpty(text)) parameters[lines[i]?.ToString() ?? string.Empty] = text!;
                }
                return new ToolHelp(IsSynthesized(synopsis, command) ? null : synopsis, parameters);
            }
            catch (RuntimeException)
            {
                return new ToolHelp(null, parameters);
            }
        }

        /// <summary>Without comment-based help, Get-Help makes the synopsis from the syntax ("Name [-Param] ...").</summary>
        private static bool IsSynthesized(string? synopsis, CommandInfo command) =>
            string.IsNullOrEmpty(synopsis) || synopsis!.StartsWith(command.Name, StringComparison.OrdinalIgnoreCase)
                                           && (synopsis.Length == command.Name.Length || char.IsWhiteSpace(synopsis[command.Name.Length]));
    }
}
