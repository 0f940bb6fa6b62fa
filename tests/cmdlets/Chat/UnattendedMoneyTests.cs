using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>
    /// Issue 14: no input, no request; the service default model ("managed") is never priced by guess; the ledger
    /// keeps no content without -LogContent and follows PowerShell's location.
    /// </summary>
    [Collection("Chat runspace")]
    public sealed class UnattendedMoneyTests : IDisposable
    {
        private const string Fqid = ",VivgridPS.Commands.InvokeVivgridChatCommand";
        private readonly ChatRunspace _rs;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "vivgridps-unattended-" + Guid.NewGuid().ToString("N"));
        private readonly string? _savedModel = Environment.GetEnvironmentVariable("VIVGRID_MODEL");
        private readonly string? _savedLedger = Environment.GetEnvironmentVariable("VIVGRID_USAGE_LOG");

        public UnattendedMoneyTests(ChatRunspace rs)
        {
            _rs = rs;
            Directory.CreateDirectory(_folder);
            Environment.SetEnvironmentVariable("VIVGRID_MODEL", null);
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("VIVGRID_MODEL", _savedModel);
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", _savedLedger);
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        [Theory]
        [InlineData("@() | Invoke-VivgridChat -Prompt 'Summarize the errors in 3 bullets'")]
        [InlineData("$null | Invoke-VivgridChat -Prompt 'Summarize'")]
        [InlineData("Get-Content '{0}/empty.txt' | Invoke-VivgridChat -Prompt 'Summarize'")]
        [InlineData("Get-ChildItem '{0}/nomatch*.log' | Invoke-VivgridChat -Prompt 'Summarize' -Each")]
        [InlineData("Import-Csv '{0}/empty.csv' | Invoke-VivgridChat -Prompt 'Classify: {{{{Subject}}}}'")]
        [InlineData("@() | Invoke-VivgridChat -Prompt 'Summarize' -Stream -ThrottleLimit 4")]
        public void A_pipeline_that_delivers_nothing_sends_nothing_and_says_so(string script)
        {
            File.WriteAllText(Path.Combine(_folder, "empty.txt"), string.Empty);
            File.WriteAllText(Path.Combine(_folder, "empty.csv"), string.Empty);
            var (output, shell) = _rs.Run(string.Format(script, _folder) + " -Model gpt-5.4-mini");
            Assert.Empty(output);
            Assert.Empty(shell.Streams.Error);
            var warning = Assert.Single(shell.Streams.Warning);
            Assert.Contains("nothing was sent", warning.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void A_template_with_no_input_is_an_error_and_sends_nothing()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'Classify: {{Subject}}' -Model gpt-5.4-mini");
            Assert.Empty(output);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidArgument" + Fqid, error.FullyQualifiedErrorId);
            Assert.Contains("placeholders", error.Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void A_whitespace_prompt_with_no_input_is_refused_like_an_empty_one()
        {
            var (_, shell) = _rs.Run("Invoke-VivgridChat '   ' -Model gpt-5.4-mini");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Contains("nothing to ask", error.Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void An_empty_file_is_an_error_for_that_file_while_the_others_are_sent()
        {
            File.WriteAllText(Path.Combine(_folder, "a.log"), "disk full");
            File.WriteAllText(Path.Combine(_folder, "b.log"), string.Empty);
            File.WriteAllText(Path.Combine(_folder, "c.log"), "backup failed");
            var (output, shell) = _rs.Run($"Get-ChildItem '{_folder}/*.log' | Sort-Object Name | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini");
            Assert.Equal(2, output.Count);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidInputFile" + Fqid, error.FullyQualifiedErrorId);
            Assert.Contains("b.log", error.Exception.Message);
            Assert.Equal(2, _rs.Emulator.State.Requests.Count);
        }

        [Fact]
        public void A_template_row_without_the_property_is_an_error_for_that_row_only()
        {
            var (output, shell) = _rs.Run("[pscustomobject]@{ Subject = 'VPN' }, [pscustomobject]@{ Title = 'x' } | Invoke-VivgridChat -Prompt 'Classify: {{Subject}}' -Model gpt-5.4-mini");
            Assert.Single(output);
            Assert.Single(shell.Streams.Error);
            Assert.Equal("Classify: VPN", LastUserText(Assert.Single(_rs.Emulator.State.Requests).Body));
        }

        [Fact]
        public void With_no_model_the_answer_is_managed_unpriced_and_a_warning_says_how_to_get_a_cost()
        {
            var (output, shell) = _rs.Run("'a', 'b' | Invoke-VivgridChat -Prompt 'x' -Each");
            Assert.Empty(shell.Streams.Error);
            var results = output.Select(o => (ChatResult)o.BaseObject).ToArray();
            Assert.Equal(2, results.Length);
            Assert.All(results, r => Assert.Equal("managed", r.Model));
            Assert.All(results, r => Assert.Null(r.CostUsd));
            Assert.All(results, r => Assert.True(r.InputTokens > 0));
            // One warning for the command, not one per item.
            var warning = Assert.Single(shell.Streams.Warning);
            Assert.Contains("-Model", warning.Message);
            Assert.Contains("VIVGRID_MODEL", warning.Message);
            Assert.All(_rs.Emulator.State.Requests, r => Assert.False(JsonDocument.Parse(r.Body).RootElement.TryGetProperty("model", out _)));
        }

        [Fact]
        public void A_named_model_is_priced_and_draws_no_warning()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini");
            var result = (ChatResult)output.Single().BaseObject;
            Assert.Equal("gpt-5.4-mini", result.Model);
            Assert.True(result.CostUsd > 0);
            Assert.Empty(shell.Streams.Warning);
        }

        [Fact]
        public void MaxCost_with_no_model_fails_before_sending_and_says_what_to_set()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -MaxCost 0.01");
            Assert.Empty(output);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("BudgetNeedsModel" + Fqid, error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("Nothing was sent", error.Exception.Message);
            Assert.Contains("VIVGRID_MODEL", error.ErrorDetails.RecommendedAction);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void The_ledger_keeps_no_item_text_without_LogContent()
        {
            string ledger = Path.Combine(_folder, "ledger", "usage.jsonl");
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", ledger);
            _rs.Run("'secret item one', 'secret item two' | Invoke-VivgridChat -Prompt 'x' -Each -Model gpt-5.4-mini -NoLedger:$false");
            var sources = File.ReadAllLines(ledger).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("source").GetString()).ToArray();
            Assert.Equal(new[] { "item 1", "item 2" }, sources);
            Assert.DoesNotContain("secret", File.ReadAllText(ledger));

            _rs.Run("'logged item' | Invoke-VivgridChat -Prompt '{{_}}' -Model gpt-5.4-mini -NoLedger:$false -LogContent");
            Assert.Contains("logged item", File.ReadAllLines(ledger).Last());
        }

        [Fact]
        public void A_relative_VIVGRID_USAGE_LOG_is_the_same_file_for_writing_and_reading_at_the_current_location()
        {
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", "relative-usage.jsonl");
            var (output, shell) = _rs.Run(
                $"Push-Location '{_folder}'; try {{ $null = Invoke-VivgridChat 'x' -Model gpt-5.4-mini -NoLedger:$false; @(Get-VivgridUsage).Count }} finally {{ Pop-Location }}");
            Assert.Empty(shell.Streams.Error);
            Assert.Equal(1, (int)output.Single().BaseObject);
            Assert.True(File.Exists(Path.Combine(_folder, "relative-usage.jsonl")));
        }

        private JsonElement[] LedgerLines(string ledger) =>
            File.Exists(ledger) ? File.ReadAllLines(ledger).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray() : Array.Empty<JsonElement>();

        [Fact]
        public void A_stream_cut_short_by_a_downstream_command_has_one_interrupted_estimated_ledger_line()
        {
            string ledger = Path.Combine(_folder, "first2", "usage.jsonl");
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", ledger);
            var shell = _rs.Shell("Invoke-VivgridChat 'count' -Model gpt-5.4-mini -Stream -NoLedger:$false | Select-Object -First 2");
            _rs.Emulator.State.Enqueue(new VivgridEmulator.ScriptedReply { Chunks = new[] { "one ", "two ", "three ", "four" }, ChunkDelayMs = 50 });
            var output = shell.Invoke();
            Assert.Equal(2, output.Count);
            var line = Assert.Single(LedgerLines(ledger));
            Assert.Equal("interrupted", line.GetProperty("status").GetString());
            Assert.True(line.GetProperty("isEstimate").GetBoolean());
            Assert.True(line.GetProperty("inputTokens").GetInt64() > 0);
            Assert.True(line.GetProperty("outputTokens").GetInt64() > 0);
            Assert.True(line.GetProperty("costUsd").GetDecimal() > 0);
        }

        [Fact]
        public void With_ThrottleLimit_4_a_downstream_First_1_leaves_one_line_per_call_that_reached_the_service()
        {
            string ledger = Path.Combine(_folder, "first1", "usage.jsonl");
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", ledger);
            var shell = _rs.Shell("1..4 | ForEach-Object { \"item $_\" } | Invoke-VivgridChat -Prompt 'x' -Each -Model gpt-5.4-mini -ThrottleLimit 4 -NoLedger:$false | Select-Object -First 1");
            for (int i = 0; i < 4; i++) _rs.Emulator.State.Enqueue(new VivgridEmulator.ScriptedReply { Chunks = new[] { "a", "b", "c" }, ChunkDelayMs = 100 * (i + 1) });
            var output = shell.Invoke();
            Assert.Single(output);
            var lines = LedgerLines(ledger);
            Assert.Equal(_rs.Emulator.State.Requests.Count, lines.Length);
            Assert.Equal(lines.Length, lines.Select(l => l.GetProperty("source").GetString()).Distinct().Count());
            Assert.Contains(lines, l => l.GetProperty("status").GetString() == "completed");
        }

        [Fact]
        public void A_call_the_service_refused_has_a_failed_ledger_line_with_the_HTTP_status()
        {
            string ledger = Path.Combine(_folder, "failed", "usage.jsonl");
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", ledger);
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -NoLedger:$false");
            _rs.Emulator.State.Enqueue(new VivgridEmulator.ScriptedReply { Status = 400 });
            shell.Invoke();
            Assert.Single(shell.Streams.Error);
            var line = Assert.Single(LedgerLines(ledger));
            Assert.Equal("failed", line.GetProperty("status").GetString());
            Assert.Equal(400, line.GetProperty("httpStatus").GetInt32());
            Assert.Equal(0m, line.GetProperty("costUsd").GetDecimal());
            var record = (UsageRecord)_rs.Run($"Get-VivgridUsage -Path '{ledger}'").Output.Single().BaseObject;
            Assert.Equal(("failed", (int?)400), (record.Status, record.HttpStatus));
        }

        [Fact]
        public void A_dropped_stream_keeps_the_text_and_records_an_estimate_with_a_warning()
        {
            string ledger = Path.Combine(_folder, "dropped", "usage.jsonl");
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", ledger);
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -NoLedger:$false");
            _rs.Emulator.State.Enqueue(new VivgridEmulator.ScriptedReply { Chunks = new[] { "kept ", "lost" }, Fault = "disconnect", AfterChunks = 1 });
            var output = shell.Invoke();
            var result = (ChatResult)output.Single().BaseObject;
            Assert.Equal("kept ", result.Content);
            Assert.True(result.IsEstimate);
            Assert.True(result.CostUsd > 0);
            Assert.Contains(shell.Streams.Warning, w => w.Message.Contains("IsEstimate"));
            var line = Assert.Single(LedgerLines(ledger));
            Assert.Equal(("interrupted", true), (line.GetProperty("status").GetString(), line.GetProperty("isEstimate").GetBoolean()));
        }

        [Fact]
        public void A_reported_cost_over_MaxCost_warns_with_both_numbers()
        {
            var shell = _rs.Shell("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -MaxCost 0.001");
            _rs.Emulator.State.Enqueue(new VivgridEmulator.ScriptedReply
            {
                Content = "long",
                Usage = JsonDocument.Parse("{\"prompt_tokens\":10,\"completion_tokens\":100000,\"total_tokens\":100010}").RootElement.Clone(),
            });
            var output = shell.Invoke();
            var result = (ChatResult)output.Single().BaseObject;
            Assert.True(result.CostUsd > 0.001m);
            var warning = Assert.Single(shell.Streams.Warning, w => w.Message.Contains("-MaxCost"));
            Assert.Contains("0.001", warning.Message);
            Assert.Contains(result.CostUsd!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), warning.Message);
        }

        private static string LastUserText(string body) =>
            JsonDocument.Parse(body).RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
    }
}
