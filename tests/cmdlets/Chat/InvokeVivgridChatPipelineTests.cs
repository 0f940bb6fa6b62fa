using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    [Collection("Chat runspace")]
    public sealed class InvokeVivgridChatPipelineTests : IDisposable
    {
        private readonly ChatRunspace _rs;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "vivgridps-chat-" + Guid.NewGuid().ToString("N"));

        public InvokeVivgridChatPipelineTests(ChatRunspace rs)
        {
            _rs = rs;
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private JsonElement[] Bodies() =>
            _rs.Emulator.State.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToArray();

        private static string LastUserText(JsonElement body)
        {
            var last = body.GetProperty("messages").EnumerateArray().Last();
            return last.GetProperty("content").ValueKind == JsonValueKind.String
                ? last.GetProperty("content").GetString()!
                : last.GetProperty("content").EnumerateArray().First(p => p.GetProperty("type").GetString() == "text").GetProperty("text").GetString()!;
        }

        [Fact]
        public void Strings_are_joined_into_one_request()
        {
            var (output, shell) = _rs.Run("'a','b','c' | Invoke-VivgridChat -Prompt 'Summarize'");
            Assert.Empty(shell.Streams.Error);
            Assert.Single(output);
            var body = Assert.Single(Bodies());
            Assert.Equal("Summarize\n\na\nb\nc", LastUserText(body));
        }

        [Fact]
        public void Files_are_one_request_each_with_Source_in_input_order()
        {
            var paths = Enumerable.Range(1, 3).Select(i => Path.Combine(_folder, $"f{i}.txt")).ToArray();
            for (var i = 0; i < 3; i++) File.WriteAllText(paths[i], $"file number {i + 1}");
            // A UTF-16 file with BOM is read as text too.
            File.WriteAllText(paths[2], "file number 3 ünï", new System.Text.UnicodeEncoding(false, true));
            var (output, shell) = _rs.Run($"Get-ChildItem '{_folder}' -Filter *.txt | Sort-Object Name | Invoke-VivgridChat -Prompt 'What is it?'");
            Assert.Empty(shell.Streams.Error);
            var results = output.Select(o => (ChatResult)o.BaseObject).ToArray();
            Assert.Equal(paths, results.Select(r => (string)r.Source!));
            Assert.Equal(3, Bodies().Length);
            Assert.Contains(Bodies(), b => LastUserText(b) == "What is it?\n\nfile number 3 ünï");
        }

        [Fact]
        public void A_file_without_a_prompt_is_the_whole_message_and_an_empty_file_sends_nothing()
        {
            File.WriteAllText(Path.Combine(_folder, "a.txt"), "only the file");
            File.WriteAllText(Path.Combine(_folder, "b.txt"), string.Empty);
            var (_, shell) = _rs.Run($"Get-Item '{Path.Combine(_folder, "a.txt")}' | Invoke-VivgridChat");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("only the file", LastUserText(Assert.Single(Bodies())));

            _rs.Emulator.State.Reset();
            (_, shell) = _rs.Run($"Get-Item '{Path.Combine(_folder, "b.txt")}' | Invoke-VivgridChat -Prompt 'Anything?'");
            Assert.Equal("InvalidInputFile,VivgridPS.Commands.InvokeVivgridChatCommand", Assert.Single(shell.Streams.Error).FullyQualifiedErrorId);
            Assert.Empty(Bodies());
        }

        [Fact]
        public void A_template_prompt_fills_from_the_file_and_comes_before_its_text()
        {
            var path = Path.Combine(_folder, "report.log");
            File.WriteAllText(path, "disk full\n");
            var (_, shell) = _rs.Run($"Get-Item '{path}' | Invoke-VivgridChat -Prompt 'Summarize {{{{Name}}}}'");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal("Summarize report.log\n\ndisk full\n", LastUserText(Assert.Single(Bodies())));
        }

        [Fact]
        public void A_binary_file_is_an_error_for_that_item_only()
        {
            File.WriteAllText(Path.Combine(_folder, "a.txt"), "fine");
            File.WriteAllBytes(Path.Combine(_folder, "b.bin"), new byte[] { 1, 2, 0, 0, 5 });
            File.WriteAllText(Path.Combine(_folder, "c.txt"), "also fine");
            var (output, shell) = _rs.Run($"Get-ChildItem '{_folder}' | Sort-Object Name | Invoke-VivgridChat -Prompt 'x'");
            Assert.Equal(2, output.Count);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidInputFile,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Contains("b.bin", error.Exception.Message);
        }

        [Fact]
        public void Template_placeholders_make_one_request_per_object()
        {
            var (output, shell) = _rs.Run(
                "@([pscustomobject]@{ Subject = 'Printer down'; Id = 1 }, [pscustomobject]@{ Subject = 'VPN slow'; Id = 2 }) | " +
                "Invoke-VivgridChat -Prompt 'Classify #{{Id}}: {{Subject}}'");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(2, output.Count);
            Assert.Equal(new[] { "Classify #1: Printer down", "Classify #2: VPN slow" }, Bodies().Select(LastUserText));
            Assert.Equal("Printer down", ((System.Management.Automation.PSObject)((ChatResult)output[0].BaseObject).Source!).Properties["Subject"].Value);
        }

        [Fact]
        public void A_missing_template_property_names_what_the_object_has()
        {
            var (_, shell) = _rs.Run("[pscustomobject]@{ Title = 'x' } | Invoke-VivgridChat -Prompt 'Do {{Subject}}'");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Contains("Subject", error.Exception.Message);
            Assert.Contains("Title", error.ErrorDetails.RecommendedAction);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void Other_objects_are_rendered_as_csv_into_one_request()
        {
            _rs.Run("@([pscustomobject]@{ Name = 'svc1'; Status = 'Stopped' }, [pscustomobject]@{ Name = 'svc, two'; Status = 'Running' }) | Invoke-VivgridChat -Prompt 'Which?'");
            var body = Assert.Single(Bodies());
            Assert.Equal("Which?\n\nName,Status\nsvc1,Stopped\n\"svc, two\",Running", LastUserText(body));
        }

        [Fact]
        public void Each_forces_one_request_per_string()
        {
            var (output, _) = _rs.Run("'x','y' | Invoke-VivgridChat -Prompt 'Translate' -Each");
            Assert.Equal(2, output.Count);
            Assert.Equal(new[] { "Translate\n\nx", "Translate\n\ny" }, Bodies().Select(LastUserText));
            Assert.Equal("y", ((ChatResult)output[1].BaseObject).Source?.ToString());
        }

        [Fact]
        public void ThrottleLimit_runs_items_concurrently_and_keeps_input_order()
        {
            _rs.Emulator.State.Reset();
            var shell = _rs.Shell("1..8 | ForEach-Object { \"item $_\" } | Invoke-VivgridChat -Prompt 'n' -Each -ThrottleLimit 8");
            // The default reply is immediate; delay each one so sequential would take 8 x 300 ms.
            _rs.Emulator.State.Enqueue(new ScriptedReply { FirstByteDelayMs = 300, Content = "ok", Repeat = 8 });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var output = shell.Invoke().ToList();
            clock.Stop();
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(Enumerable.Range(1, 8).Select(i => "item " + i), output.Select(o => ((ChatResult)o.BaseObject).Source!.ToString()));
            Assert.True(clock.ElapsedMilliseconds < 8 * 300, $"8 items with 300 ms latency took {clock.ElapsedMilliseconds} ms at -ThrottleLimit 8");
        }

        [Fact]
        public void Errors_per_item_do_not_stop_the_other_items()
        {
            var shell = _rs.Shell("'a','b','c' | Invoke-VivgridChat -Prompt 'p' -Each -MaxRetries 0");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "first" });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Status = 400, Body = "{\"error\":{\"message\":\"bad thing\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}" });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "third" });
            var output = shell.Invoke().ToList();
            Assert.Equal(new[] { "first", "third" }, output.Select(o => ((ChatResult)o.BaseObject).Content));
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidRequest,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Contains("bad thing", error.Exception.Message);
            Assert.Equal("b", error.TargetObject?.ToString());
        }
    }
}
