using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using VivgridEmulator;
using Xunit;
using Xunit.Abstractions;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    [Collection("Chat runspace")]
    public sealed class InvokeVivgridChatFeatureTests
    {
        private readonly ChatRunspace _rs;
        private readonly ITestOutputHelper _log;

        public InvokeVivgridChatFeatureTests(ChatRunspace rs, ITestOutputHelper log)
        {
            _rs = rs;
            _log = log;
        }

        private JsonElement LastBody() => JsonDocument.Parse(_rs.Emulator.State.Requests.Last().Body).RootElement.Clone();

        private static ChatResult Result(PSObject o) => (ChatResult)o.BaseObject;

        [Fact]
        public void JsonSchema_hashtable_is_sent_strict_and_Data_is_an_object()
        {
            var (output, shell) = _rs.Run(
                "Invoke-VivgridChat 'Classify: printer down' -JsonSchema @{ type = 'object'; properties = @{ category = @{ type = 'string'; enum = @('hardware','network') }; urgent = @{ type = 'boolean' } } }");
            Assert.Empty(shell.Streams.Error);
            var format = LastBody().GetProperty("response_format");
            Assert.Equal("json_schema", format.GetProperty("type").GetString());
            var schema = format.GetProperty("json_schema");
            Assert.True(schema.GetProperty("strict").GetBoolean());
            Assert.False(schema.GetProperty("schema").GetProperty("additionalProperties").GetBoolean());
            Assert.Equal(2, schema.GetProperty("schema").GetProperty("required").GetArrayLength());
            var data = Assert.IsType<PSObject>(Result(output.Single()).Data);
            Assert.Equal("hardware", data.Properties["category"].Value);
            Assert.Equal(true, data.Properties["urgent"].Value);
        }

        [Fact]
        public void JsonSchema_as_json_text_or_a_file_path_is_sent_the_same_way()
        {
            var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
            const string schema = "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}";
            File.WriteAllText(file, schema);
            try
            {
                foreach (var argument in new[] { "'" + schema + "'", "'" + file + "'" })
                {
                    var (output, shell) = _rs.Run("Invoke-VivgridChat 'Is it ok?' -JsonSchema " + argument);
                    Assert.Empty(shell.Streams.Error);
                    var sent = LastBody().GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");
                    Assert.Equal("ok", Assert.Single(sent.GetProperty("required").EnumerateArray()).GetString());
                    Assert.Equal(true, ((PSObject)Result(output.Single()).Data!).Properties["ok"].Value);
                }
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void Piped_image_files_become_image_parts_one_request_each()
        {
            var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                File.WriteAllBytes(Path.Combine(folder, "a.png"), new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1 });
                File.WriteAllBytes(Path.Combine(folder, "b.pdf"), System.Text.Encoding.ASCII.GetBytes("%PDF-1.4 minimal"));
                var (output, shell) = _rs.Run($"Get-ChildItem '{folder}' | Sort-Object Name | Invoke-VivgridChat -Prompt 'Describe it'");
                Assert.Empty(shell.Streams.Error);
                Assert.Equal(2, output.Count);
                var bodies = _rs.Emulator.State.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToArray();
                var image = bodies[0].GetProperty("messages")[0].GetProperty("content")[1];
                Assert.Equal("image_url", image.GetProperty("type").GetString());
                var pdf = bodies[1].GetProperty("messages")[0].GetProperty("content")[1];
                Assert.Equal("file", pdf.GetProperty("type").GetString());
                Assert.Equal("b.pdf", pdf.GetProperty("file").GetProperty("filename").GetString());
                Assert.StartsWith("data:application/pdf;base64,", pdf.GetProperty("file").GetProperty("file_data").GetString());
                Assert.EndsWith("b.pdf", (string)Result(output[1]).Source!);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [Fact]
        public void AsJson_asks_for_json_object_and_parses_Data()
        {
            var (output, _) = _rs.Run("Invoke-VivgridChat 'hello' -AsJson");
            Assert.Equal("json_object", LastBody().GetProperty("response_format").GetProperty("type").GetString());
            Assert.NotNull(Result(output.Single()).Data);
        }

        [Fact]
        public void An_invalid_schema_fails_before_sending()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat 'x' -JsonSchema '{not json'");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidJsonSchema,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void A_result_can_be_continued_with_Messages()
        {
            var (output, shell) = _rs.Run("$r = Invoke-VivgridChat 'first question' -SystemPrompt 'Be brief.'; Invoke-VivgridChat -Messages $r.Messages 'and then?'");
            Assert.Empty(shell.Streams.Error);
            var roles = LastBody().GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToArray();
            Assert.Equal(new[] { "system", "user", "assistant", "user" }, roles);
            Assert.Equal(5, Result(output.Single()).Messages.Length);
        }

        [Fact]
        public void Hashtable_messages_are_accepted_and_bad_roles_are_rejected()
        {
            _rs.Run("Invoke-VivgridChat -Messages @{ role = 'user'; content = 'hi' }, @{ role = 'assistant'; content = 'hello' } 'more'");
            Assert.Equal(3, LastBody().GetProperty("messages").GetArrayLength());
            var (_, shell) = _rs.Run("Invoke-VivgridChat -Messages @{ role = 'wizard'; content = 'x' } 'y'");
            Assert.Contains("wizard", Assert.Single(shell.Streams.Error).Exception.Message);
        }

        [Fact]
        public void Attachment_png_is_sent_as_an_image_part()
        {
            var png = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".png");
            File.WriteAllBytes(png, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 });
            try
            {
                var (_, shell) = _rs.Run($"Invoke-VivgridChat 'What is in the picture?' -Attachment '{png}'");
                Assert.Empty(shell.Streams.Error);
                var parts = LastBody().GetProperty("messages")[0].GetProperty("content");
                Assert.Equal("text", parts[0].GetProperty("type").GetString());
                Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", parts[1].GetProperty("image_url").GetProperty("url").GetString());
            }
            finally
            {
                File.Delete(png);
            }
        }

        [Fact]
        public void A_bad_attachment_is_a_clear_error_and_nothing_is_sent()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat 'x' -Attachment ./missing.png");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidAttachment,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void Codex_models_use_the_responses_api_with_the_same_result_shape()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'write a haiku' -Model gpt-5.1-codex -MaxOutputTokens 500 -ReasoningEffort low");
            Assert.Empty(shell.Streams.Error);
            var request = _rs.Emulator.State.Requests.Single();
            Assert.Equal("/v1/responses", request.Path);
            var body = LastBody();
            Assert.Equal(500, body.GetProperty("max_output_tokens").GetInt32());
            Assert.Equal("low", body.GetProperty("reasoning").GetProperty("effort").GetString());
            var result = Result(output.Single());
            Assert.StartsWith("Echo: write a haiku", result.Content);
            Assert.Equal("stop", result.FinishReason);
            Assert.True(result.InputTokens > 0 && result.OutputTokens > 0);
            Assert.Equal(result.InputTokens * 1.25m / 1_000_000m + result.OutputTokens * 10m / 1_000_000m, result.CostUsd);
        }

        [Fact]
        public void Options_are_sent_with_their_api_names()
        {
            // gpt-5.4-nano takes temperature/top_p only with effort none (the emulator rejects them otherwise, as the service does).
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model gpt-5.4-nano -MaxOutputTokens 42 -Temperature 0.5 -TopP 0.9 -ReasoningEffort none -Seed 7");
            Assert.Empty(shell.Streams.Error);
            Assert.StartsWith("Echo: x", Result(output.Single()).Content);
            var body = LastBody();
            Assert.Equal(42, body.GetProperty("max_completion_tokens").GetInt32());
            Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
            Assert.Equal(0.9, body.GetProperty("top_p").GetDouble());
            Assert.Equal("none", body.GetProperty("reasoning_effort").GetString());
            Assert.Equal(7, body.GetProperty("seed").GetInt64());
        }

        [Fact]
        public void Stop_is_sent_to_a_model_that_takes_it()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model deepseek-v3.2 -Stop 'END', 'STOP' -Temperature 0.2");
            Assert.Empty(shell.Streams.Error);
            Assert.Single(output);
            var body = LastBody();
            Assert.Equal(new[] { "END", "STOP" }, body.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        }

        [Fact]
        public void Out_of_range_parameters_are_refused_by_binding()
        {
            foreach (var bad in new[] { "-Temperature 3", "-TopP 1.5", "-MaxOutputTokens 0", "-ThrottleLimit 0", "-MaxRetries -1", "-ReasoningEffort extreme", "-MaxCost -1" })
            {
                var (_, shell) = _rs.Run("Invoke-VivgridChat 'x' " + bad);
                Assert.True(shell.HadErrors, bad);
                Assert.NotEmpty(shell.Streams.Error);
            }
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void An_empty_prompt_is_refused_with_a_fix()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat ''");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Contains("nothing to ask", error.Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void Non_streamed_calls_show_progress_and_clear_it()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'slow one'");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "a", "b", "c", "d" }, ChunkDelayMs = 300 });
            shell.Invoke();
            var progress = shell.Streams.Progress.ToList();
            Assert.Contains(progress, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("elapsed") && p.StatusDescription.Contains("tokens received"));
            Assert.Equal(ProgressRecordType.Completed, progress.Last().RecordType);
        }

        [Fact]
        public void A_model_the_service_rejects_gets_the_closest_catalog_ids()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mnii");
            _rs.Emulator.State.Enqueue(new ScriptedReply
            {
                Status = 404,
                Body = System.IO.File.ReadAllText(System.IO.Path.Combine(RealDataLocator.Resolve(), "error-404-model.json")),
            });
            shell.Invoke();
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("ModelNotFound,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("does not exist", error.Exception.Message);
            Assert.Contains("gpt-5.4-mini", error.Exception.Message);
            Assert.Single(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void Quick_calls_write_no_progress_and_no_debug_dump_unless_asked()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat 'quick'");
            Assert.Empty(shell.Streams.Progress);
            Assert.Empty(shell.Streams.Debug);
        }

        [Fact]
        public void MaxCost_refuses_before_sending_when_the_input_alone_is_over_budget()
        {
            var (_, shell) = _rs.Run("('word ' * 20000) | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4 -MaxCost 0.001");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("BudgetExceeded,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
            Assert.Contains("0.001", error.Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void MaxCost_caps_max_completion_tokens_so_the_worst_case_fits()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'short question' -Model gpt-5.4-mini -MaxCost 0.001");
            Assert.Empty(shell.Streams.Error);
            var cap = LastBody().GetProperty("max_completion_tokens").GetInt32();
            var result = Result(output.Single());
            var worst = result.InputTokens * 0.75m / 1_000_000m + cap * 4.5m / 1_000_000m;
            Assert.True(worst <= 0.001m, $"worst case {worst} with cap {cap}");
            Assert.True(cap > 100, $"cap {cap} should leave room for an answer");
        }

        [Fact]
        public void A_prompt_over_the_context_window_fails_before_sending()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat -Model deepseek-v3.2 ('lorem ipsum dolor sit amet ' * 130000)");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("ContextWindowExceeded,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void A_400K_token_text_arrives_as_one_request_body_intact()
        {
            // ~1.6 MB of prose with quotes and non-ASCII: about 400,000 o200k tokens (logged below). A 1M-token
            // model is used because 400K tokens plus chat overhead do not fit gpt-5.4's 400K window.
            var lines = Enumerable.Range(0, 18_200).Select(i => $"Line {i}: the \"quick\" brown fox jumps over the lazy dog, naïve café résumé.").ToArray();
            var path = Path.GetTempFileName();
            File.WriteAllLines(path, lines, new UTF8Encoding(false));
            try
            {
                var shell = _rs.Shell($"Get-Content -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gemini-3.1-flash-lite-preview");
                _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "summary" });
                var output = shell.Invoke();
                Assert.Empty(shell.Streams.Error);
                var request = Assert.Single(_rs.Emulator.State.Requests);
                var text = JsonDocument.Parse(request.Body).RootElement.GetProperty("messages")[0].GetProperty("content").GetString();
                Assert.Equal("Summarize\n\n" + string.Join("\n", lines), text);
                var tokens = VivgridPS.Core.Tokens.TokenCounter.CountO200k(text!);
                _log.WriteLine($"body {request.Body.Length:N0} chars, {new FileInfo(path).Length:N0} bytes on disk, {tokens:N0} o200k tokens");
                Assert.InRange(tokens, 390_000, 410_000);
                Assert.True(request.Body.Length < new FileInfo(path).Length * 1.05, "the body should not be inflated by escaping");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void An_interrupted_stream_keeps_the_partial_text_and_writes_StreamInterrupted()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Stream -PassThru -MaxRetries 0");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "Hello ", "wor", "ld" }, Fault = "disconnect", AfterChunks = 2 });
            var output = shell.Invoke().ToList();
            Assert.Equal(new[] { "Hello ", "wor" }, output.Take(2).Select(o => (string)o.BaseObject));
            var partial = Result(output.Last());
            Assert.Equal("Hello wor", partial.Content);
            Assert.Equal("interrupted", partial.FinishReason);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("StreamInterrupted,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Single(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void Retries_are_visible_in_verbose_and_the_key_never_appears_anywhere()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'hello' -Model gpt-5.4-mini -Verbose -Debug");
            // A 500 (a 429 goes through the shared rate-limit gate, whose verdict depends on what else got through).
            _rs.Emulator.State.Enqueue(new ScriptedReply { Status = 500 });
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            Assert.Contains(shell.Streams.Verbose, v => v.Message.StartsWith("Retry 1 of 3") && v.Message.Contains("500"));
            Assert.Contains(shell.Streams.Debug, d => d.Message.Contains("\"messages\"") && d.Message.Contains("Bearer ***"));
            Assert.DoesNotContain(ChatRunspace.AllText(shell, output), t => t.Contains(ChatRunspace.Key));
        }

        [Fact]
        public void A_429_while_calls_get_through_is_resent_after_the_pause_without_using_a_retry()
        {
            var shell = _rs.Shell("$null = Invoke-VivgridChat 'first' -Model gpt-5.4-mini; Invoke-VivgridChat 'second' -Model gpt-5.4-mini -MaxRetries 0 -Verbose");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "one" } });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Status = 429, Headers = new() { ["retry-after-ms"] = "30" } });
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            Assert.StartsWith("Echo: second", Result(Assert.Single(output)).Content);
            Assert.Contains(shell.Streams.Verbose, v => v.Message.Contains("pausing new requests for 0.03 s (HTTP 429") && v.Message.Contains("without using a retry"));
            Assert.DoesNotContain(shell.Streams.Verbose, v => v.Message.StartsWith("Retry "));
            Assert.Equal(3, _rs.Emulator.State.Requests.Count);
        }

        [Fact]
        public void Stop_cancels_a_stalled_stream_promptly()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Stream");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "first", "never" }, Fault = "stall", AfterChunks = 1 });
            var output = new PSDataCollection<PSObject>();
            var firstDelta = new System.Threading.ManualResetEventSlim();
            output.DataAdded += (_, _) => firstDelta.Set();
            var pending = shell.BeginInvoke<PSObject, PSObject>(null, output);
            Assert.True(firstDelta.Wait(TimeSpan.FromSeconds(10)), "no first delta");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            shell.Stop();
            clock.Stop();
            _log.WriteLine($"stop returned after {clock.Elapsed.TotalMilliseconds:0.0} ms");
            Assert.Equal("first", output[0].BaseObject);
            Assert.True(clock.ElapsedMilliseconds < 1000, $"stop took {clock.ElapsedMilliseconds} ms");
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        }
    }
}
