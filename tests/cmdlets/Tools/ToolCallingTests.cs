using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using VivgridEmulator;
using VivgridPS.Cmdlets.Tests.Chat;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Tools
{
    [Collection("Chat runspace")]
    public sealed class ToolCallingTests
    {
        private readonly ChatRunspace _rs;

        public ToolCallingTests(ChatRunspace rs) => _rs = rs;

        private (List<PSObject> Output, PowerShell Shell) Run(string script, params ScriptedReply[] replies)
        {
            var shell = _rs.Shell(ToolTestScripts.Functions + script);
            foreach (var reply in replies) _rs.Emulator.State.Enqueue(reply);
            return (shell.Invoke().ToList(), shell);
        }

        private JsonElement[] Bodies() =>
            _rs.Emulator.State.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToArray();

        private List<string> ToolRuns(PowerShell shell)
        {
            // Not _rs.Shell: that resets the emulator's recorded requests.
            using var query = PowerShell.Create();
            query.Runspace = shell.Runspace;
            return query.AddScript("$global:ToolRuns").Invoke().Select(o => o.ToString()).ToList();
        }

        private static ScriptedReply Calls(params (string Id, string Name, string Arguments)[] calls) => new ScriptedReply
        {
            ToolCalls = calls.Select(c => new ScriptedToolCall { Id = c.Id, Name = c.Name, Arguments = c.Arguments }).ToArray(),
        };

        private static ScriptedReply Answer(string text) => new ScriptedReply { Content = text };

        private static JsonElement Usage(int input, int output) =>
            JsonDocument.Parse($"{{\"prompt_tokens\":{input},\"completion_tokens\":{output},\"total_tokens\":{input + output}}}").RootElement.Clone();

        private static ChatResult Single(List<PSObject> output) => (ChatResult)Assert.Single(output).BaseObject;

        private static JsonElement[] ToolMessages(JsonElement body) =>
            body.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "tool").ToArray();

        [Fact]
        public void A_command_becomes_a_JSON_schema_of_its_default_parameter_set()
        {
            var (_, shell) = Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -Tool (Get-Command Get-TestService) | Out-Null");
            Assert.Empty(shell.Streams.Error);
            var tool = Assert.Single(Bodies()[0].GetProperty("tools").EnumerateArray());
            Assert.Equal("function", tool.GetProperty("type").GetString());
            var function = tool.GetProperty("function");
            Assert.Equal("Get-TestService", function.GetProperty("name").GetString());
            var description = function.GetProperty("description").GetString()!;
            Assert.StartsWith("Lists the test services and their state.", description);
            Assert.Contains("Parameter set 'ByName' of 2", description);
            var schema = function.GetProperty("parameters");
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            var properties = schema.GetProperty("properties");
            var names = properties.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(new[] { "Name", "Status", "Limit", "IncludeDisabled", "Weight", "Day" }, names);
            Assert.Equal("array", properties.GetProperty("Name").GetProperty("type").GetString());
            Assert.Equal("string", properties.GetProperty("Name").GetProperty("items").GetProperty("type").GetString());
            Assert.Equal("Service names to look up.", properties.GetProperty("Name").GetProperty("description").GetString());
            Assert.Equal(new[] { "Running", "Stopped" }, properties.GetProperty("Status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("Which state to list", properties.GetProperty("Status").GetProperty("description").GetString());
            Assert.Equal("integer", properties.GetProperty("Limit").GetProperty("type").GetString());
            Assert.Equal("boolean", properties.GetProperty("IncludeDisabled").GetProperty("type").GetString());
            Assert.Equal("number", properties.GetProperty("Weight").GetProperty("type").GetString());
            Assert.Contains("Monday", properties.GetProperty("Day").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(new[] { "Status" }, schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public void A_hashtable_tool_is_passed_through()
        {
            var (_, shell) = Run("$t = @{ name = 'get_weather'; description = 'Weather of a city'; parameters = @{ type = 'object'; properties = @{ city = @{ type = 'string' } }; required = @('city') } }; " +
                                 "Invoke-VivgridChat 'x' -Tool $t | Out-Null");
            Assert.Empty(shell.Streams.Error);
            var function = Assert.Single(Bodies()[0].GetProperty("tools").EnumerateArray()).GetProperty("function");
            Assert.Equal("get_weather", function.GetProperty("name").GetString());
            Assert.Equal("Weather of a city", function.GetProperty("description").GetString());
            Assert.Equal("string", function.GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
            Assert.Equal("city", function.GetProperty("parameters").GetProperty("required")[0].GetString());
        }

        [Theory]
        [InlineData("auto", "\"auto\"")]
        [InlineData("none", "\"none\"")]
        [InlineData("Required", "\"required\"")]
        [InlineData("get-echo", "{\"type\":\"function\",\"function\":{\"name\":\"Get-Echo\"}}")]
        public void ToolChoice_is_written_to_the_request(string choice, string expected)
        {
            var (_, shell) = Run($"Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -ToolChoice '{choice}' | Out-Null");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(expected, Bodies()[0].GetProperty("tool_choice").GetRawText());
        }

        [Fact]
        public void ToolChoice_naming_no_tool_fails_before_sending()
        {
            var (_, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -ToolChoice 'Remove-Item'");
            Assert.Contains("not auto, none, required or the name of a -Tool", shell.Streams.Error.Single().Exception.Message);
            Assert.Empty(Bodies());
        }

        [Fact]
        public void Without_InvokeTool_the_calls_come_back_on_the_result_and_nothing_runs()
        {
            var (output, shell) = Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -Tool (Get-Command Get-TestService)",
                Calls(("call_1", "Get-TestService", "{\"Status\":\"Stopped\",\"Name\":[\"Spooler\"]}")));
            Assert.Empty(shell.Streams.Error);
            var result = Single(output);
            Assert.Equal("tool_calls", result.FinishReason);
            var call = Assert.Single(result.ToolCalls);
            Assert.Equal("call_1", call.Id);
            Assert.Equal("Get-TestService", call.Name);
            Assert.Equal("{\"Status\":\"Stopped\",\"Name\":[\"Spooler\"]}", call.ArgumentsJson);
            var arguments = (PSObject)call.Arguments!;
            Assert.Equal("Stopped", arguments.Properties["Status"].Value);
            Assert.Equal(new object[] { "Spooler" }, (object[])arguments.Properties["Name"].Value);
            Assert.Single(Bodies());
            Assert.Empty(ToolRuns(shell));
        }

        [Fact]
        public void InvokeTool_runs_the_command_and_sends_its_output_back()
        {
            var (output, shell) = Run("Invoke-VivgridChat 'Which services are stopped?' -Model gpt-5.4-mini -Tool (Get-Command Get-TestService) -InvokeTool",
                Calls(("call_1", "Get-TestService", "{\"Status\":\"Stopped\"}")), Answer("Spooler and Fax are stopped."));
            Assert.Empty(shell.Streams.Error);
            var result = Single(output);
            Assert.Equal("Spooler and Fax are stopped.", result.Content);
            Assert.Equal("stop", result.FinishReason);
            Assert.Equal(new[] { "Get-TestService Stopped " }, ToolRuns(shell));
            var bodies = Bodies();
            Assert.Equal(2, bodies.Length);
            var messages = bodies[1].GetProperty("messages").EnumerateArray().ToArray();
            Assert.Equal(new[] { "user", "assistant", "tool" }, messages.Select(m => m.GetProperty("role").GetString()));
            var call = messages[1].GetProperty("tool_calls")[0];
            Assert.Equal("call_1", call.GetProperty("id").GetString());
            Assert.Equal("Get-TestService", call.GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("call_1", messages[2].GetProperty("tool_call_id").GetString());
            var content = JsonDocument.Parse(messages[2].GetProperty("content").GetString()!).RootElement;
            Assert.Equal(new[] { "Spooler", "Fax" }, content.EnumerateArray().Select(s => s.GetProperty("Name").GetString()));
            Assert.Equal("Automatic", content[0].GetProperty("StartType").GetString());
            Assert.Equal(new[] { "user", "assistant", "tool", "assistant" }, result.Messages.Select(m => m.Role));
        }

        [Fact]
        public void Usage_and_cost_of_all_rounds_add_up_on_the_result()
        {
            var first = Calls(("call_1", "Get-Echo", "{\"Text\":\"a\"}"));
            first.Usage = Usage(1000, 50);
            var second = Calls(("call_2", "Get-Echo", "{\"Text\":\"b\"}"), ("call_3", "Get-Echo", "{\"Text\":\"c\"}"));
            second.Usage = Usage(2000, 60);
            var third = Answer("done");
            third.Usage = Usage(3000, 70);
            var (output, shell) = Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -Tool (Get-Command Get-Echo) -InvokeTool", first, second, third);
            Assert.Empty(shell.Streams.Error);
            var result = Single(output);
            Assert.Equal(6000, result.InputTokens);
            Assert.Equal(180, result.OutputTokens);
            Assert.Equal(6180, result.TotalTokens);
            Assert.Equal(6000m * 0.75m / 1_000_000m + 180m * 4.5m / 1_000_000m, result.CostUsd);
            Assert.Equal(new[] { "Get-Echo a", "Get-Echo b", "Get-Echo c" }, ToolRuns(shell));
            var last = Bodies()[2];
            var tools = ToolMessages(last);
            Assert.Equal(new[] { "call_1", "call_2", "call_3" }, tools.Select(t => t.GetProperty("tool_call_id").GetString()));
            Assert.Equal("\"echo:c\"", tools[2].GetProperty("content").GetString());
        }

        [Fact]
        public void A_command_not_in_Tool_never_runs_and_the_model_gets_an_error()
        {
            var marker = Path.Combine(Path.GetTempPath(), "vivgrid-tool-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(marker, "keep me");
            try
            {
                var (output, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -InvokeTool",
                    Calls(("call_1", "Remove-Item", JsonSerializer.Serialize(new { Path = marker, Force = true }))), Answer("ok"));
                Assert.Empty(shell.Streams.Error);
                Assert.True(File.Exists(marker));
                Assert.Equal("ok", Single(output).Content);
                var error = JsonDocument.Parse(ToolMessages(Bodies()[1])[0].GetProperty("content").GetString()!).RootElement;
                Assert.StartsWith("Command 'Remove-Item' is not an allowed tool", error.GetProperty("error").GetString());
                Assert.Empty(ToolRuns(shell));
            }
            finally
            {
                File.Delete(marker);
            }
        }

        [Theory]
        [InlineData("{\"Text\":", "are not valid JSON")]
        [InlineData("[\"a\"]", "must be a JSON object")]
        [InlineData("{\"Text\":\"a\",\"ErrorAction\":\"Stop\"}", "'Get-Echo' has no parameter 'ErrorAction'. Its parameters are: Text.")]
        [InlineData("{}", "'Get-Echo' needs the required parameter(s): Text.")]
        public void Bad_arguments_go_back_to_the_model_as_an_error(string arguments, string expected)
        {
            var (output, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -InvokeTool",
                Calls(("call_1", "Get-Echo", arguments)), Answer("sorry"));
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("sorry", Single(output).Content);
            var error = JsonDocument.Parse(ToolMessages(Bodies()[1])[0].GetProperty("content").GetString()!).RootElement;
            Assert.Contains(expected, error.GetProperty("error").GetString());
            Assert.Empty(ToolRuns(shell));
        }

        [Fact]
        public void Arguments_are_bound_as_values_never_run_as_script()
        {
            const string text = "$(Set-Variable -Name Pwned -Value 1 -Scope Global); '; Remove-Item x";
            var (_, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -InvokeTool",
                Calls(("call_1", "Get-Echo", JsonSerializer.Serialize(new { Text = text }))), Answer("ok"));
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(JsonSerializer.Serialize("echo:" + text), ToolMessages(Bodies()[1])[0].GetProperty("content").GetString());
            using var query = PowerShell.Create();
            query.Runspace = shell.Runspace;
            Assert.Empty(query.AddScript("Get-Variable -Name Pwned -Scope Global -ErrorAction Ignore").Invoke());
        }

        [Fact]
        public void A_tool_that_throws_answers_the_model_with_the_error()
        {
            var (output, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Invoke-Failing) -InvokeTool",
                Calls(("call_1", "Invoke-Failing", "{}")), Answer("The tool failed."));
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("The tool failed.", Single(output).Content);
            var error = JsonDocument.Parse(ToolMessages(Bodies()[1])[0].GetProperty("content").GetString()!).RootElement;
            Assert.Equal("disk on fire", error.GetProperty("error").GetString());
            Assert.Equal(new[] { "Invoke-Failing" }, ToolRuns(shell));
        }

        [Fact]
        public void A_failed_parameter_binding_answers_the_model_with_the_error()
        {
            var (_, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-TestService) -InvokeTool",
                Calls(("call_1", "Get-TestService", "{\"Status\":\"Paused\"}")), Answer("ok"));
            Assert.Empty(shell.Streams.Error);
            var error = JsonDocument.Parse(ToolMessages(Bodies()[1])[0].GetProperty("content").GetString()!).RootElement;
            Assert.Contains("Paused", error.GetProperty("error").GetString());
            Assert.Empty(ToolRuns(shell));
        }

        [Fact]
        public void Non_terminating_errors_come_back_beside_the_output()
        {
            var (_, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Partly) -InvokeTool",
                Calls(("call_1", "Get-Partly", "")), Answer("ok"));
            Assert.Empty(shell.Streams.Error);
            var content = JsonDocument.Parse(ToolMessages(Bodies()[1])[0].GetProperty("content").GetString()!).RootElement;
            Assert.Equal("first", content.GetProperty("output")[0].GetString());
            Assert.Contains("second item is missing", content.GetProperty("errors")[0].GetString());
        }

        [Fact]
        public void MaxToolRounds_stops_the_loop_with_a_warning()
        {
            var (output, shell) = Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -Tool (Get-Command Get-Echo) -InvokeTool -MaxToolRounds 2",
                Calls(("c1", "Get-Echo", "{\"Text\":\"1\"}")), Calls(("c2", "Get-Echo", "{\"Text\":\"2\"}")),
                Calls(("c3", "Get-Echo", "{\"Text\":\"3\"}")), Answer("never asked"));
            Assert.Empty(shell.Streams.Error);
            var result = Single(output);
            Assert.Equal("tool_calls", result.FinishReason);
            Assert.Equal("c3", Assert.Single(result.ToolCalls).Id);
            Assert.Equal(3, Bodies().Length);
            Assert.Equal(new[] { "Get-Echo 1", "Get-Echo 2" }, ToolRuns(shell));
            Assert.Contains("after 2 tool round(s) (-MaxToolRounds 2)", Assert.Single(shell.Streams.Warning).Message);
        }

        [Fact]
        public void WhatIf_with_InvokeTool_sends_nothing_and_runs_nothing()
        {
            var (output, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -InvokeTool -WhatIf",
                Calls(("call_1", "Get-Echo", "{\"Text\":\"a\"}")), Answer("ok"));
            Assert.Empty(output);
            Assert.Empty(Bodies());
            Assert.Empty(ToolRuns(shell));
        }

        [Fact]
        public void InvokeTool_without_Tool_is_refused()
        {
            var (_, shell) = Run("Invoke-VivgridChat 'x' -InvokeTool");
            Assert.Contains("-InvokeTool needs -Tool", shell.Streams.Error.Single().Exception.Message);
            Assert.Empty(Bodies());
        }

        [Fact]
        public void A_hashtable_tool_runs_its_script_block()
        {
            var (output, shell) = Run("$t = @{ name = 'get_weather'; parameters = @{ type = 'object'; properties = @{ city = @{ type = 'string' } } }; command = { param($city) \"Sunny in $city\" } }; " +
                                      "Invoke-VivgridChat 'Weather?' -Tool $t -InvokeTool",
                new ScriptedReply { Replay = "chat-stream-tool-call.sse" }, Answer("It is sunny."));
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("It is sunny.", Single(output).Content);
            var tool = Assert.Single(ToolMessages(Bodies()[1]));
            // The ids and arguments come from a real recorded stream, assembled from its fragments.
            Assert.Equal("call_LwxJUB9KppVyogRRLQsamRJv", tool.GetProperty("tool_call_id").GetString());
            Assert.Equal("\"Sunny in Mexico City\"", tool.GetProperty("content").GetString());
        }

        [Fact]
        public void Parallel_calls_of_a_real_recording_come_back_on_the_result()
        {
            var (output, shell) = Run("$t = @{ name = 'get_country' }, @{ name = 'get_product_name' }; Invoke-VivgridChat 'x' -Tool $t",
                new ScriptedReply { Replay = "chat-stream-tool-calls-parallel.sse" });
            Assert.Empty(shell.Streams.Error);
            var result = Single(output);
            Assert.Equal("tool_calls", result.FinishReason);
            Assert.Equal(new[] { "call_q2UyBRP7eXNTzAoR8lEhjc9Z", "call_b51ijcpFkDiTQG1bQzsrmtW5" }, result.ToolCalls.Select(c => c.Id));
            Assert.Equal(new[] { "get_country", "get_product_name" }, result.ToolCalls.Select(c => c.Name));
            Assert.Equal("{}", result.ToolCalls[0].ArgumentsJson);
            Assert.Equal(404, result.TotalTokens);
        }

        [Fact]
        public void The_responses_API_round_trip_uses_function_call_items()
        {
            var (output, shell) = Run("Invoke-VivgridChat 'x' -Model gpt-5.1-codex -Tool (Get-Command Get-Echo) -InvokeTool",
                Calls(("call_r1", "Get-Echo", "{\"Text\":\"hi\"}")), Answer("said hi"));
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("said hi", Single(output).Content);
            Assert.All(_rs.Emulator.State.Requests, r => Assert.EndsWith("/responses", r.Path));
            var bodies = Bodies();
            Assert.Equal("Get-Echo", bodies[0].GetProperty("tools")[0].GetProperty("name").GetString());
            var input = bodies[1].GetProperty("input").EnumerateArray().ToArray();
            var call = input.Single(i => i.TryGetProperty("type", out var t) && t.GetString() == "function_call");
            Assert.Equal("call_r1", call.GetProperty("call_id").GetString());
            Assert.Equal("{\"Text\":\"hi\"}", call.GetProperty("arguments").GetString());
            var result = input.Single(i => i.TryGetProperty("type", out var t) && t.GetString() == "function_call_output");
            Assert.Equal("call_r1", result.GetProperty("call_id").GetString());
            Assert.Equal("\"echo:hi\"", result.GetProperty("output").GetString());
        }

        [Fact]
        public void Required_ToolChoice_applies_to_the_first_round_only()
        {
            var (_, shell) = Run("Invoke-VivgridChat 'x' -Tool (Get-Command Get-Echo) -ToolChoice required -InvokeTool",
                Calls(("call_1", "Get-Echo", "{\"Text\":\"a\"}")), Answer("ok"));
            Assert.Empty(shell.Streams.Error);
            var bodies = Bodies();
            Assert.Equal("required", bodies[0].GetProperty("tool_choice").GetString());
            Assert.Equal("auto", bodies[1].GetProperty("tool_choice").GetString());
        }
    }
}
