using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using VivgridPS.Cmdlets.Tests.Chat;
using VivgridPS.Tools;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Tools
{
    [Collection("Chat runspace")]
    public sealed class ToolSetTests
    {
        private readonly ChatRunspace _rs;

        public ToolSetTests(ChatRunspace rs) => _rs = rs;

        [Theory]
        [InlineData("Get-Service", "Get-Service")]
        [InlineData("/scripts/fix it.ps1", "fix_it_ps1")]
        [InlineData("Größe", "Gr__e")]
        public void Tool_names_keep_to_what_the_API_allows(string command, string expected) =>
            Assert.Equal(expected, ToolSchemaBuilder.ToolName(command));

        [Fact]
        public void The_OpenAI_shape_and_JSON_text_parameters_are_accepted()
        {
            var (output, shell) = _rs.Run(
                "$t = @{ type = 'function'; function = @{ name = 'lookup'; description = 'Find'; parameters = '{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}' } }; " +
                "Invoke-VivgridChat 'x' -Tool $t | Out-Null");
            Assert.Empty(shell.Streams.Error);
            var body = JsonDocument.Parse(_rs.Emulator.State.Requests.Single().Body).RootElement;
            var function = body.GetProperty("tools")[0].GetProperty("function");
            Assert.Equal("lookup", function.GetProperty("name").GetString());
            Assert.Equal("q", function.GetProperty("parameters").GetProperty("required")[0].GetString());
        }

        [Theory]
        [InlineData("@{ description = 'no name' }", "it has no 'name'")]
        [InlineData("@{ name = 'x'; parameters = '[1,2]' }", "are not a JSON object")]
        [InlineData("@{ name = 'x'; parameters = '{oops' }", "are not valid JSON")]
        [InlineData("@{ name = 'x'; command = 'Remove-Item' }", "its 'command' is a String")]
        [InlineData("'Get-Service'", "neither a hashtable nor Get-Command output")]
        [InlineData("@{ name = 'x' }, @{ name = 'x' }", "two tools are named 'x'")]
        public void Unusable_tools_fail_before_anything_is_sent(string tool, string expected)
        {
            var (_, shell) = _rs.Run($"Invoke-VivgridChat 'x' -Tool {tool}");
            Assert.Contains(expected, shell.Streams.Error.Single().Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void InvokeTool_refuses_a_schema_only_hashtable()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat 'x' -Tool @{ name = 'x' } -InvokeTool");
            Assert.Contains("-InvokeTool cannot run tool 'x'", shell.Streams.Error.Single().Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void An_alias_offers_the_command_it_stands_for()
        {
            var (_, shell) = _rs.Run("function global:Get-Thing { param([Parameter(Mandatory)][int] $Count) $Count }; Set-Alias -Name gth -Value Get-Thing -Scope Global; " +
                                     "Invoke-VivgridChat 'x' -Tool (Get-Command gth) | Out-Null");
            Assert.Empty(shell.Streams.Error);
            var function = JsonDocument.Parse(_rs.Emulator.State.Requests.Single().Body).RootElement.GetProperty("tools")[0].GetProperty("function");
            Assert.Equal("Get-Thing", function.GetProperty("name").GetString());
            Assert.Equal("Runs the PowerShell command Get-Thing.", function.GetProperty("description").GetString());
            Assert.Equal("integer", function.GetProperty("parameters").GetProperty("properties").GetProperty("Count").GetProperty("type").GetString());
        }

        [Fact]
        public void A_cmdlet_skips_common_parameters()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Date) | Out-Null");
            Assert.Empty(shell.Streams.Error);
            var function = JsonDocument.Parse(_rs.Emulator.State.Requests.Single().Body).RootElement.GetProperty("tools")[0].GetProperty("function");
            var names = function.GetProperty("parameters").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Contains("Format", names);
            Assert.DoesNotContain("Verbose", names);
            Assert.DoesNotContain("ErrorAction", names);
            Assert.DoesNotContain("OutVariable", names);
            Assert.Contains("Parameter set", function.GetProperty("description").GetString());
        }
    }
}
