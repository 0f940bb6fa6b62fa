using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>Calls write the usage ledger; these tests point VIVGRID_USAGE_LOG at a private file.</summary>
    [Collection("Chat runspace")]
    public sealed class InvokeVivgridChatLedgerTests : IDisposable
    {
        private readonly ChatRunspace _rs;
        private readonly string _ledger = Path.Combine(Path.GetTempPath(), "vivgridps-ledger-" + Guid.NewGuid().ToString("N"), "usage.jsonl");
        private readonly string? _saved = Environment.GetEnvironmentVariable("VIVGRID_USAGE_LOG");

        public InvokeVivgridChatLedgerTests(ChatRunspace rs)
        {
            _rs = rs;
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", _ledger);
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", _saved);
            try { Directory.Delete(Path.GetDirectoryName(_ledger)!, true); } catch (IOException) { }
        }

        private JsonElement[] Lines() =>
            File.ReadAllLines(_ledger).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();

        [Fact]
        public void A_completed_call_appends_one_line_without_prompt_text_or_key()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'secret prompt text' -Model gpt-5.4-mini -Tag nightly -NoLedger:$false");
            Assert.Empty(shell.Streams.Error);
            var result = (ChatResult)output.Single().BaseObject;
            var line = Assert.Single(Lines());
            Assert.Equal("gpt-5.4-mini", line.GetProperty("model").GetString());
            Assert.Equal("nightly", line.GetProperty("tag").GetString());
            Assert.Equal("completed", line.GetProperty("status").GetString());
            Assert.Equal(result.InputTokens, line.GetProperty("inputTokens").GetInt32());
            Assert.Equal(result.CostUsd, line.GetProperty("costUsd").GetDecimal());
            var text = File.ReadAllText(_ledger);
            Assert.DoesNotContain("secret prompt text", text);
            Assert.DoesNotContain(ChatRunspace.Key, text);
        }

        [Fact]
        public void LogContent_stores_prompt_and_answer_and_NoLedger_stores_nothing()
        {
            _rs.Run("Invoke-VivgridChat 'remember me' -LogContent -NoLedger:$false");
            _rs.Run("Invoke-VivgridChat 'not logged' -NoLedger");
            var line = Assert.Single(Lines());
            Assert.Equal("remember me", line.GetProperty("prompt").GetString());
            Assert.StartsWith("Echo: remember me", line.GetProperty("response").GetString());
        }

        [Fact]
        public void An_interrupted_call_is_recorded_as_interrupted()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Stream -MaxRetries 0 -NoLedger:$false");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "a", "b", "c" }, Fault = "disconnect", AfterChunks = 2 });
            shell.Invoke();
            Assert.Equal("interrupted", Assert.Single(Lines()).GetProperty("status").GetString());
        }

        [Fact]
        public void Ctrl_C_records_the_interrupted_call_once()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Stream -NoLedger:$false");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "first", "never" }, Fault = "stall", AfterChunks = 1 });
            var output = new System.Management.Automation.PSDataCollection<System.Management.Automation.PSObject>();
            var firstDelta = new System.Threading.ManualResetEventSlim();
            output.DataAdded += (_, _) => firstDelta.Set();
            shell.BeginInvoke<System.Management.Automation.PSObject, System.Management.Automation.PSObject>(null, output);
            Assert.True(firstDelta.Wait(TimeSpan.FromSeconds(10)), "no first delta");
            shell.Stop();
            var line = Assert.Single(Lines());
            Assert.Equal("interrupted", line.GetProperty("status").GetString());
        }

        /// <summary>
        /// Ctrl+C while the upstream command runs (not while Invoke-VivgridChat waits for answers): the calls already
        /// sent are still in flight and each gets its one line, though the cmdlet's own loop never sees the stop.
        /// </summary>
        [Fact]
        public void Ctrl_C_during_the_upstream_command_records_every_call_in_flight()
        {
            var shell = _rs.Shell("1..3 | ForEach-Object { \"question $_\"; if ($_ -eq 2) { Start-Sleep -Seconds 20 } } | " +
                                  "Invoke-VivgridChat -Each -ThrottleLimit 4 -MaxRetries 0 -NoLedger:$false");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "one ", "never" }, Fault = "stall", AfterChunks = 1 });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "two ", "never" }, Fault = "stall", AfterChunks = 1 });
            var pending = shell.BeginInvoke();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (_rs.Emulator.State.Requests.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(10)) System.Threading.Thread.Sleep(5);
            Assert.Equal(2, _rs.Emulator.State.Requests.Count);
            System.Threading.Thread.Sleep(100);
            shell.Stop();
            Assert.Throws<System.Management.Automation.PipelineStoppedException>(() => shell.EndInvoke(pending));
            var lines = Lines();
            Assert.Equal(new[] { "item 1", "item 2" }, lines.Select(l => l.GetProperty("source").GetString()).OrderBy(s => s).ToArray());
            Assert.All(lines, l => Assert.Equal("interrupted", l.GetProperty("status").GetString()));
        }

        /// <summary>
        /// $ErrorActionPreference = 'Stop' in a scheduled task: a bad item ends the pipeline with a terminating error
        /// while an earlier call is still streaming; that call reached the service and keeps its one line.
        /// </summary>
        [Fact]
        public void A_terminating_error_for_a_later_item_still_records_the_call_in_flight()
        {
            // A script block of its own, so the preference does not leak into the shared runspace's other tests.
            var shell = _rs.Shell("& { $ErrorActionPreference = 'Stop'; " +
                                  "[pscustomobject]@{ Subject = 'disk full' }, [pscustomobject]@{ Other = 'no subject' } | " +
                                  "ForEach-Object { $_; Start-Sleep -Milliseconds 300 } | " +
                                  "Invoke-VivgridChat -Prompt 'Classify: {{Subject}}' -Each -ThrottleLimit 4 -MaxRetries 0 -NoLedger:$false }");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "one ", "never" }, Fault = "stall", AfterChunks = 1 });
            var thrown = Record.Exception(() => shell.Invoke());
            Assert.IsAssignableFrom<System.Management.Automation.RuntimeException>(thrown);
            Assert.Contains("Subject", thrown!.Message);
            Assert.Single(_rs.Emulator.State.Requests);
            var line = Assert.Single(Lines());
            Assert.Equal("interrupted", line.GetProperty("status").GetString());
            Assert.Equal("item 1", line.GetProperty("source").GetString());
        }

        [Fact]
        public void Eight_runspaces_times_fifty_calls_give_400_correct_results_and_400_ledger_lines()
        {
            var dll = typeof(VivgridPS.Commands.InvokeVivgridChatCommand).Assembly.Location;
            var (output, shell) = _rs.Run(
                "1..8 | ForEach-Object -ThrottleLimit 8 -Parallel { " +
                $"  Import-Module '{dll}'; $worker = $_; " +
                "  1..50 | ForEach-Object { $r = Invoke-VivgridChat \"worker $worker call $_\" -ApiKey $using:key -BaseUri $using:base; " +
                "    [pscustomobject]@{ Expected = \"Echo: worker $worker call $_\"; Actual = $r.Content } } }");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(400, output.Count);
            Assert.All(output, o => Assert.StartsWith((string)o.Properties["Expected"].Value, (string)o.Properties["Actual"].Value));
            var lines = Lines();
            Assert.Equal(400, lines.Length);
            Assert.All(lines, l => Assert.Equal("completed", l.GetProperty("status").GetString()));
        }
    }
}
