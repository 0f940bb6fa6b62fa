using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;
using VivgridEmulator;
using VivgridPS.Cmdlets.Tests.Chat;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Tools
{
    /// <summary>-Confirm asks once per tool call; a "No" runs nothing and tells the model so.</summary>
    [Collection("Chat runspace")]
    public sealed class ConfirmToolTests
    {
        private readonly ChatRunspace _rs;

        public ConfirmToolTests(ChatRunspace rs) => _rs = rs;

        [Fact]
        public void Confirm_asks_per_tool_call_and_a_No_becomes_the_tool_result()
        {
            var host = new ScriptedConfirmHost { Decline = "Get-Echo -Text 'b'" };
            using var runspace = RunspaceFactory.CreateRunspace(host, ModuleSession.Create());
            runspace.Open();
            using var shell = PowerShell.Create();
            shell.Runspace = runspace;
            _rs.Emulator.State.Reset();
            _rs.Emulator.State.Enqueue(new ScriptedReply
            {
                ToolCalls = new[]
                {
                    new ScriptedToolCall { Id = "c1", Name = "Get-Echo", Arguments = "{\"Text\":\"a\"}" },
                    new ScriptedToolCall { Id = "c2", Name = "Get-Echo", Arguments = "{\"Text\":\"b\"}" },
                },
            });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "done" });
            shell.AddScript(_rs.Prelude + ToolTestScripts.Functions +
                            "Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -InvokeTool -Confirm; $global:ToolRuns");
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("done", ((ChatResult)output[0].BaseObject).Content);
            Assert.Equal(new[] { "Get-Echo a" }, output.Skip(1).Select(o => o.ToString()));
            // Send request, run c1, run c2 (declined), send the follow-up request.
            Assert.Equal(4, host.Prompts.Count);
            Assert.Contains("Run tool requested by the model", host.Prompts[1]);
            Assert.Contains("Get-Echo -Text 'a'", host.Prompts[1]);
            var tools = JsonDocument.Parse(_rs.Emulator.State.Requests[1].Body).RootElement.GetProperty("messages")
                .EnumerateArray().Where(m => m.GetProperty("role").GetString() == "tool").ToArray();
            Assert.Equal("\"echo:a\"", tools[0].GetProperty("content").GetString());
            Assert.Equal("{\"error\":\"The user did not allow running 'Get-Echo'.\"}", tools[1].GetProperty("content").GetString());
        }
    }
}
