using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using VivgridEmulator;
using VivgridPS.Cmdlets.Tests.Chat;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Tools
{
    /// <summary>
    /// Responses API tools (codex models): sent with "strict": false, because without it the service makes every
    /// parameter required and the model fills the ones it means to leave out with empty values, which -InvokeTool
    /// would bind. The emulator does exactly that to a tool sent without "strict" (its own suite proves it).
    /// </summary>
    [Collection("Chat runspace")]
    public sealed class ResponsesToolTests
    {
        private const string RecordBound = @"
function global:Get-Bound {
    param([Parameter(Mandatory)] [ValidateSet('Running', 'Stopped')] [string] $Status, [string] $Name, [int] $Limit, [switch] $IncludeDisabled)
    $global:ToolRuns.Add((@($PSBoundParameters.Keys) | Sort-Object) -join ',')
    'ok'
}
";

        private readonly ChatRunspace _rs;

        public ResponsesToolTests(ChatRunspace rs) => _rs = rs;

        [Fact]
        public void A_codex_round_trip_binds_only_the_parameters_the_model_set()
        {
            var shell = _rs.Shell(ToolTestScripts.Functions + RecordBound +
                "Invoke-VivgridChat 'Which services are stopped?' -Model gpt-5.1-codex -Tool (Get-Command Get-Bound) -InvokeTool");
            _rs.Emulator.State.Enqueue(new ScriptedReply { ToolCalls = new[] { new ScriptedToolCall { Id = "call_1", Name = "Get-Bound", Arguments = "{\"Status\":\"Stopped\"}" } } });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "Spooler is stopped." });
            var output = shell.Invoke().ToList();

            Assert.Empty(shell.Streams.Error);
            Assert.Equal("Spooler is stopped.", ((ChatResult)output.Single().BaseObject).Content);
            var requests = _rs.Emulator.State.Requests;
            Assert.Equal(2, requests.Count);
            Assert.All(requests, r => Assert.Equal("/v1/responses", r.Path));
            using var query = PowerShell.Create();
            query.Runspace = shell.Runspace;
            var runs = query.AddScript("$global:ToolRuns").Invoke().Select(o => o.ToString()).ToList();
            Assert.Equal(new List<string> { "Status" }, runs);
            var tool = JsonDocument.Parse(requests[0].Body).RootElement.GetProperty("tools")[0];
            Assert.Equal(JsonValueKind.False, tool.GetProperty("strict").ValueKind);
        }
    }
}
