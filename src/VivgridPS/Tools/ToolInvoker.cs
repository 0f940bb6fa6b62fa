using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using VivgridPS.Json;

namespace VivgridPS.Tools
{
    /// <summary>
    /// Runs the tool calls of one answer from the pipeline thread. Only entries of the <see cref="ToolSet"/> run;
    /// each run is guarded by ShouldProcess; whatever goes wrong (unlisted name, bad arguments, a throwing
    /// command, a declined confirmation) becomes the tool's result for the model, never an error for the user.
    /// </summary>
    internal sealed class ToolInvoker
    {
        public const string ShouldProcessAction = "Run tool requested by the model";
        // Script text is fixed: the command and the arguments arrive as values, so nothing the model sends is parsed.
        private const string RunnerScript = "param($command, $arguments) & $command @arguments 2>&1";
        private readonly CommandInvocationIntrinsics _invoke;
        private readonly Func<string, string, bool> _shouldProcess;
        // One per invocation, not static: a script block must not be shared between runspaces.
        private readonly ScriptBlock _runner = ScriptBlock.Create(RunnerScript);
        private readonly ToolSet _tools;

        /// <param name="invoke">The cmdlet's InvokeCommand: tools run in the caller's runspace, on its thread.</param>
        /// <param name="shouldProcess">The cmdlet's ShouldProcess(target, action): -WhatIf/-Confirm guard every run.</param>
        public ToolInvoker(CommandInvocationIntrinsics invoke, Func<string, string, bool> shouldProcess, ToolSet tools)
        {
            _invoke = invoke;
            _shouldProcess = shouldProcess;
            _tools = tools;
        }

        public ToolOutcome Invoke(VivgridPS.ToolCall call)
        {
            if (!_tools.TryGet(call.Name, out var tool))
            {
                return Failure($"Command '{call.Name}' is not an allowed tool. Allowed tools: {string.Join(", ", Names())}.");
            }
            if (tool.Command is null)
            {
                return Failure($"Tool '{tool.Name}' has no command to run (its -Tool hashtable has no 'command').");
            }
            if (!ToolArguments.TryBind(tool, call.ArgumentsJson, out var arguments, out var problem)) return Failure(problem);
            if (!_shouldProcess(CommandLine(tool.Name, arguments), ShouldProcessAction))
            {
                return Failure($"The user did not allow running '{tool.Name}'.", ran: false);
            }
            return Run(tool, arguments);
        }

        private ToolOutcome Run(ToolEntry tool, Hashtable arguments)
        {
            System.Collections.ObjectModel.Collection<PSObject> output;
            try
            {
                output = _invoke.InvokeScript(true, _runner, null, tool.Command, arguments);
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e) when (e is RuntimeException || e is InvalidOperationException || e is ArgumentException)
            {
                var message = e is RuntimeException { ErrorRecord: { } record } ? record.ToString() : e.Message;
                return new ToolOutcome(ToolResultSerializer.Error(message), Ran: true, Failed: true);
            }
            var objects = new List<object?>();
            var errors = new List<string>();
            foreach (var item in output)
            {
                if (item?.BaseObject is ErrorRecord error) errors.Add(error.ToString());
                else objects.Add(item);
            }
            return new ToolOutcome(ToolResultSerializer.Serialize(objects, errors), Ran: true, Failed: errors.Count > 0);
        }

        private IEnumerable<string> Names()
        {
            foreach (var entry in _tools.Entries) yield return entry.Name;
        }

        private static ToolOutcome Failure(string message, bool ran = false) =>
            new ToolOutcome(ToolResultSerializer.Error(message), ran, Failed: true);

        /// <summary>What -Confirm and -WhatIf show, e.g. Get-Service -Name 'sshd' -Force. Display only, never run.</summary>
        internal static string CommandLine(string name, Hashtable arguments)
        {
            var text = new StringBuilder(name);
            var keys = new List<string>();
            foreach (var key in arguments.Keys) keys.Add(key.ToString()!);
            keys.Sort(StringComparer.OrdinalIgnoreCase);
            foreach (var key in keys)
            {
                text.Append(" -").Append(key);
                var value = arguments[key] is PSObject ps ? ps.BaseObject : arguments[key];
                if (value is bool flag)
                {
                    if (!flag) text.Append(":$false");
                    continue;
                }
                text.Append(' ').Append(Display(value));
            }
            return text.ToString();
        }

        private static string Display(object? value) => value switch
        {
            null => "$null",
            string s => "'" + s.Replace("'", "''") + "'",
            int or long or double or decimal => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            object[] items => string.Join(",", Array.ConvertAll(items, i => Display(i is PSObject p ? p.BaseObject : i))),
            _ => PSObjectJsonWriter.ToJson(value, maxDepth: 4),
        };
    }
}
