using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>-WireFormat Vivgrid end to end against the emulator's compact stream (VIVGRID-API.md §2).</summary>
    [Collection("Chat runspace")]
    public sealed class InvokeVivgridChatWireFormatTests
    {
        private const string Header = "X-Response-Format";
        /// <summary>What the emulator runs behind "managed" (CompactStreamWriter.ManagedBackingModel).</summary>
        private const string ManagedBackingModel = "gpt-5.4-mini";
        private readonly ChatRunspace _rs;

        public InvokeVivgridChatWireFormatTests(ChatRunspace rs) => _rs = rs;

        private static ChatResult Result(PSObject o) => (ChatResult)o.BaseObject;

        private string? SentFormat(int index = -1)
        {
            var requests = _rs.Emulator.State.Requests;
            var request = index < 0 ? requests.Last() : requests[index];
            return request.Headers.TryGetValue(Header, out var value) ? value : null;
        }

        private static ScriptedReply WeatherReply() => new ScriptedReply
        {
            Chunks = new[] { "It is ", "25°C." },
            ReasoningContent = "Look it up",
            ServerToolCalls = new[] { new ScriptedServerToolCall { Id = "call_1", Name = "get_weather", Arguments = "{\"city\":\"New York\"}", Result = "New York: 25°C" } },
        };

        [Fact]
        public void Vivgrid_sends_the_header_and_reads_text_reasoning_server_tools_and_the_model_behind_managed()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'Weather in New York?' -WireFormat Vivgrid");
            _rs.Emulator.State.Enqueue(WeatherReply());
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("vivgrid", SentFormat());
            var result = Result(output.Single());
            Assert.Equal("It is 25°C.", result.Content);
            Assert.Equal("Look it up", result.Reasoning);
            Assert.Equal("stop", result.FinishReason);
            // The m: frame names the model behind "managed", so the call has a price and no "cost unknown" warning.
            Assert.Equal(ManagedBackingModel, result.Model);
            Assert.Null(result.RequestedModel);
            Assert.NotNull(result.CostUsd);
            Assert.False(result.IsEstimate);
            Assert.DoesNotContain(shell.Streams.Warning, w => w.Message.Contains("managed"));
            var tool = Assert.Single(result.ServerToolCalls);
            Assert.Equal(("call_1", "get_weather", "{\"city\":\"New York\"}", "New York: 25°C", "completed"),
                (tool.Id, tool.Name, tool.Arguments, tool.Result, tool.Status));
        }

        [Fact]
        public void The_default_is_OpenAI_without_the_header()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'hello' -Model gpt-5.4-mini");
            Assert.Empty(shell.Streams.Error);
            Assert.Null(SentFormat());
            Assert.Empty(Result(output.Single()).ServerToolCalls);
        }

        [Fact]
        public void The_environment_variable_sets_the_default_and_the_parameter_or_PSDefaultParameterValues_win()
        {
            var (output, shell) = _rs.Run(
                "$env:VIVGRID_WIRE_FORMAT = 'vivgrid'; try { Invoke-VivgridChat 'a' -Model gpt-5.4-mini; Invoke-VivgridChat 'b' -Model gpt-5.4-mini -WireFormat OpenAI } " +
                "finally { Remove-Item Env:VIVGRID_WIRE_FORMAT }; " +
                "$PSDefaultParameterValues['Invoke-VivgridChat:WireFormat'] = 'Vivgrid'; Invoke-VivgridChat 'c' -Model gpt-5.4-mini");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(3, output.Count);
            Assert.Equal(new[] { "vivgrid", null, "vivgrid" }, Enumerable.Range(0, 3).Select(i => SentFormat(i)).ToArray());
        }

        [Fact]
        public void A_bad_environment_value_fails_before_anything_is_sent()
        {
            var (_, shell) = _rs.Run("$env:VIVGRID_WIRE_FORMAT = 'compact'; try { Invoke-VivgridChat 'a' } finally { Remove-Item Env:VIVGRID_WIRE_FORMAT }");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidArgument,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Contains("VIVGRID_WIRE_FORMAT", error.Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void Stream_writes_the_deltas_then_PassThru_the_result()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -WireFormat Vivgrid -Stream -PassThru");
            _rs.Emulator.State.Enqueue(WeatherReply());
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(new[] { "It is ", "25°C." }, output.Take(2).Select(o => (string)o.BaseObject));
            Assert.Equal("It is 25°C.", Result(output.Last()).Content);
            Assert.Equal(3, output.Count);
        }

        [Fact]
        public void A_stream_that_closes_without_p_is_interrupted_and_keeps_its_text()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -WireFormat Vivgrid -Stream -PassThru -MaxRetries 0");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "Hello ", "world" }, OmitFinish = true });
            var output = shell.Invoke().ToList();
            Assert.Equal(new[] { "Hello ", "world" }, output.Take(2).Select(o => (string)o.BaseObject));
            var partial = Result(output.Last());
            Assert.Equal("Hello world", partial.Content);
            Assert.Equal("interrupted", partial.FinishReason);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("StreamInterrupted,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Single(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void A_2xx_JSON_error_body_is_an_error_not_an_empty_answer()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -WireFormat Vivgrid -MaxRetries 0");
            _rs.Emulator.State.Enqueue(new ScriptedReply
            {
                Status = 200,
                ContentType = "application/json",
                Body = "{\"error\":{\"message\":\"Invalid model\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}",
            });
            var output = shell.Invoke().ToList();
            Assert.Empty(output);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Contains("Invalid model", error.Exception.Message);
        }

        [Fact]
        public void A_2xx_JSON_answer_body_is_read_as_the_answer()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -WireFormat Vivgrid");
            _rs.Emulator.State.Enqueue(new ScriptedReply
            {
                Status = 200,
                ContentType = "application/json",
                Body = "{\"id\":\"c1\",\"model\":\"gpt-5.4-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"plain body\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
            });
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("plain body", Result(output.Single()).Content);
        }

        [Fact]
        public void With_Tool_the_call_uses_the_OpenAI_format_and_Verbose_says_so()
        {
            var (output, shell) = _rs.Run(
                "$tool = @{ name = 'get_time'; description = 'Time'; parameters = @{ type = 'object'; properties = @{} } }; " +
                "Invoke-VivgridChat 'x' -Model gpt-5.4-mini -WireFormat Vivgrid -Tool $tool -Verbose");
            Assert.Empty(shell.Streams.Error);
            Assert.Null(SentFormat());
            Assert.Contains(shell.Streams.Verbose, v => v.Message.Contains("OpenAI stream format"));
            Assert.Single(output);
        }

        [Fact]
        public void Responses_API_models_are_not_affected()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model gpt-5.1-codex -WireFormat Vivgrid");
            Assert.Empty(shell.Streams.Error);
            Assert.EndsWith("/v1/responses", _rs.Emulator.State.Requests.Single().Path);
            Assert.Null(SentFormat());
            Assert.NotEmpty(Result(output.Single()).Content);
        }

        [Fact]
        public void ThrottleLimit_runs_compact_calls_in_parallel_in_input_order()
        {
            var (output, shell) = _rs.Run("'one','two','three','four' | Invoke-VivgridChat -Each -Prompt 'Say' -WireFormat Vivgrid -ThrottleLimit 3");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(4, output.Count);
            Assert.All(_rs.Emulator.State.Requests, r => Assert.Equal("vivgrid", r.Headers[Header]));
            var results = output.Select(Result).ToArray();
            Assert.Equal(new[] { "one", "two", "three", "four" }, results.Select(r => r.Source!.ToString()));
            Assert.All(results, r => Assert.Equal(ManagedBackingModel, r.Model));
            Assert.All(results, r => Assert.Contains(r.Source!.ToString()!, r.Content));
        }

        [Fact]
        public void MaxCost_and_the_ledger_work_and_the_ledger_names_the_model_of_the_m_frame()
        {
            var ledger = Path.Combine(Path.GetTempPath(), "vivgridps-wire-" + Guid.NewGuid().ToString("N"), "usage.jsonl");
            try
            {
                var shell = _rs.Shell($"$env:VIVGRID_USAGE_LOG = '{ledger}'; try {{ Invoke-VivgridChat 'x' -Model gpt-5.4-mini -WireFormat Vivgrid -MaxCost 0.05 -NoLedger:$false }} finally {{ Remove-Item Env:VIVGRID_USAGE_LOG }}");
                _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "answer", ServedModel = "gpt-5.4-mini-2026-03-17" });
                var output = shell.Invoke().ToList();
                Assert.Empty(shell.Streams.Error);
                var result = Result(output.Single());
                Assert.Equal("gpt-5.4-mini-2026-03-17", result.Model);
                Assert.True(result.CostUsd > 0m);
                var body = JsonDocument.Parse(_rs.Emulator.State.Requests.Single().Body).RootElement;
                Assert.True(body.TryGetProperty("max_completion_tokens", out _), "-MaxCost caps the output");
                var line = JsonDocument.Parse(File.ReadAllLines(ledger).Single()).RootElement;
                Assert.Equal("gpt-5.4-mini-2026-03-17", line.GetProperty("model").GetString());
                Assert.Equal("completed", line.GetProperty("status").GetString());
                Assert.Equal(result.CostUsd, line.GetProperty("costUsd").GetDecimal());
            }
            finally
            {
                try { Directory.Delete(Path.GetDirectoryName(ledger)!, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }
}
