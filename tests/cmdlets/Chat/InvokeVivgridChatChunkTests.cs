using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VivgridEmulator;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>
    /// -Chunk end to end against the emulator, which refuses any request over its model's context window (counted with
    /// its own o200k tokenizer): numbered input lines are found once each, in order, in the requests it received.
    /// </summary>
    [Collection("Chat runspace")]
    public sealed class InvokeVivgridChatChunkTests : IDisposable
    {
        private readonly ChatRunspace _rs;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "vivgridps-chunk-" + Guid.NewGuid().ToString("N"));
        private readonly string? _savedLedger = Environment.GetEnvironmentVariable("VIVGRID_USAGE_LOG");

        public InvokeVivgridChatChunkTests(ChatRunspace rs)
        {
            _rs = rs;
            Directory.CreateDirectory(_folder);
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", Ledger);
        }

        private string Ledger => Path.Combine(_folder, "usage.jsonl");

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", _savedLedger);
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private string WriteLog(int lines, out string[] text)
        {
            text = Enumerable.Range(1, lines).Select(i => $"L{i:D7} 2026-11-29T13:{i % 60:D2}:00Z host{i % 7} GET /api/items/{i} 200 {i % 900} ms naïve").ToArray();
            var path = Path.Combine(_folder, "app.log");
            File.WriteAllText(path, string.Join("\n", text) + "\n", new UTF8Encoding(false));
            return path;
        }

        private sealed record Sent(JsonElement Root, string[] UserTexts, int Tokens, int? MaxOutput)
        {
            public bool IsMap => UserTexts.Length == 2 && UserTexts[0].Contains("the next message is part");
            public string Last => UserTexts[UserTexts.Length - 1];
        }

        private List<Sent> Requests() => _rs.Emulator.State.Requests.Select(r =>
        {
            var root = JsonDocument.Parse(r.Body).RootElement.Clone();
            var messages = root.GetProperty("messages").EnumerateArray().ToList();
            var counted = TokenCounter.CountMessages(messages.Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString())));
            var users = messages.Where(m => m.GetProperty("role").GetString() == "user").Select(m => m.GetProperty("content").GetString()!).ToArray();
            int? max = root.TryGetProperty("max_completion_tokens", out var mx) ? mx.GetInt32() : null;
            return new Sent(root, users, counted.Count, max);
        }).ToList();

        private JsonElement[] LedgerLines() => File.ReadAllLines(Ledger).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();

        private static VivgridPS.ModelInfo Model(string id)
        {
            Assert.True(VivgridPS.Core.Models.ModelCatalog.Bundled.TryGet(id, out var model));
            return model;
        }

        private static ChatResult Result(IEnumerable<PSObject> output) => output.Select(o => o.BaseObject).OfType<ChatResult>().Single();

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Every_line_is_sent_once_in_order_each_request_fits_and_the_result_sums_every_request(bool asFile)
        {
            var path = WriteLog(4000, out var lines);
            var input = asFile ? $"Get-Item -LiteralPath '{path}'" : $"Get-Content -LiteralPath '{path}'";
            var (output, shell) = _rs.Run($"{input} | Invoke-VivgridChat -Prompt 'Summarize the errors' -Model gpt-5.4-mini -Chunk -ChunkTokens 3000 -ThrottleLimit 4 -NoLedger:$false");
            Assert.Empty(shell.Streams.Error);
            Assert.Empty(shell.Streams.Warning);
            var result = Result(output);
            var sent = Requests();
            // -ThrottleLimit 4: requests reach the emulator in any order; the note says which part each is.
            var maps = sent.Where(s => s.IsMap).OrderBy(s => int.Parse(Regex.Match(s.UserTexts[0], @"part (\d+) of").Groups[1].Value)).ToList();
            Assert.True(maps.Count >= 10, maps.Count + " map requests");
            Assert.Equal(maps.Count, result.ChunkCount);
            // In input order, each line whole and exactly once (the file's final newline stays with the last chunk).
            var joined = string.Concat(maps.Select(m => m.Last));
            Assert.Equal(string.Join("\n", lines) + (asFile ? "\n" : ""), joined);
            var numbers = maps.SelectMany(m => Regex.Matches(m.Last, @"^L(\d{7}) ", RegexOptions.Multiline).Select(x => int.Parse(x.Groups[1].Value))).ToList();
            Assert.Equal(Enumerable.Range(1, 4000), numbers);
            for (var i = 0; i < maps.Count; i++) Assert.Contains($"part {i + 1} of {maps.Count}", maps[i].UserTexts[0]);
            Assert.All(maps, m => Assert.InRange(TokenCounter.CountO200k(m.Last), 1, 3000));
            // Every request carries max_completion_tokens and fits the 400K window with it (the emulator refuses otherwise).
            Assert.All(sent, s => Assert.True(s.MaxOutput is int max && s.Tokens + max <= 400_000));
            // One result: the answer of the last (reduce) request, with every request's tokens and cost.
            Assert.Equal(sent.Count, result.Parts.Length + 1);
            var ledger = LedgerLines();
            Assert.Equal(sent.Count, ledger.Length);
            Assert.All(ledger, l => Assert.Equal(result.RunId, l.GetProperty("run").GetString()));
            Assert.All(ledger, l => Assert.Equal("completed", l.GetProperty("status").GetString()));
            Assert.Equal(ledger.Sum(l => l.GetProperty("inputTokens").GetInt64()), result.InputTokens);
            Assert.Equal(ledger.Sum(l => l.GetProperty("outputTokens").GetInt64()), result.OutputTokens);
            Assert.Equal(ledger.Sum(l => l.GetProperty("costUsd").GetDecimal()), result.CostUsd);
            // The parts are every request but the last, whose own figures make up the rest.
            var last = ledger[ledger.Length - 1];
            Assert.Equal(result.Parts.Sum(p => p.InputTokens) + last.GetProperty("inputTokens").GetInt64(), result.InputTokens);
            Assert.Equal(result.Parts.Sum(p => p.CostUsd) + last.GetProperty("costUsd").GetDecimal(), result.CostUsd);
        }

        [Fact]
        public void Without_ChunkTokens_chunks_fill_the_context_window_and_the_strict_emulator_takes_every_request()
        {
            var path = WriteLog(40_000, out var lines);
            var (output, shell) = _rs.Run($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5-mini -Chunk -MaxOutputTokens 2000 -ThrottleLimit 2");
            Assert.Empty(shell.Streams.Error);
            var maps = Requests().Where(s => s.IsMap).OrderBy(s => int.Parse(Regex.Match(s.UserTexts[0], @"part (\d+) of").Groups[1].Value)).ToList();
            Assert.InRange(maps.Count, 2, 10);
            Assert.All(maps, m => Assert.True(m.Tokens + 2000 <= 272_000, m.Tokens + " tokens"));
            // The chunks are as large as the window allows, less one line.
            Assert.True(maps.Take(maps.Count - 1).All(m => m.Tokens + 2000 > 272_000 - 100), string.Join(", ", maps.Select(m => m.Tokens)));
            Assert.Equal(string.Join("\n", lines) + "\n", string.Concat(maps.Select(m => m.Last)));
            Assert.Equal(maps.Count, Result(output).ChunkCount);
        }

        [Fact]
        public void The_figures_shown_before_sending_are_the_figures_then_sent_and_WhatIf_sends_nothing()
        {
            var path = WriteLog(3000, out _);
            var common = "-Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 2500 -MaxOutputTokens 500";
            var (estimateOut, estimateShell) = _rs.Run($"Get-Item -LiteralPath '{path}' | Measure-VivgridCost {common}");
            Assert.Empty(estimateShell.Streams.Error);
            var estimate = (ChunkEstimate)estimateOut.Single().BaseObject;

            var (_, whatIf) = _rs.Run($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat {common} -WhatIf");
            Assert.Empty(whatIf.Streams.Error);
            Assert.Empty(_rs.Emulator.State.Requests);

            var (output, shell) = _rs.Run($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat {common} -Verbose");
            Assert.Empty(shell.Streams.Error);
            var described = shell.Streams.Verbose.Select(v => v.Message).Single(m => m.Contains("chunk(s) of at most"));
            var sent = Requests();
            var maps = sent.Where(s => s.IsMap).ToList();
            Assert.Equal(estimate.Chunks, maps.Count);
            Assert.Equal(estimate.InputTokens, maps.Sum(m => (long)m.Tokens));
            Assert.Equal(estimate.Lines, 3000);
            Assert.All(sent, s => Assert.Equal(estimate.MaxOutputTokens, s.MaxOutput));
            Assert.InRange(sent.Count - maps.Count, 1, estimate.MaxReduceRequests);
            Assert.Contains($"in {estimate.Chunks:N0} chunk(s) of at most 2,500 tokens", described);
            Assert.Contains($"with {estimate.InputTokens:N0} input tokens in all", described);
            Assert.Contains(estimate.MaxTotalCostUsd!.Value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) + " USD", described);
            // The real cost stays within the worst case.
            Assert.True(Result(output).CostUsd <= estimate.MaxTotalCostUsd);
        }

        [Fact]
        public void Partial_answers_that_do_not_fit_one_request_are_combined_level_by_level()
        {
            var path = WriteLog(200, out _);
            // Five chunks, each answered with ~60K tokens: with 70K reserved for the answer, three answers fit one
            // combining request (272K window), so parts 1-3 and 4-5 are combined first, then the two results.
            var shell = _rs.Shell($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5-mini -Chunk -ChunkTokens 1400 -MaxOutputTokens 70000");
            var longAnswer = string.Concat(Enumerable.Repeat(" word", 60_000));
            var mapCount = 0;
            var plan = _rs.Run($"Get-Item -LiteralPath '{path}' | Measure-VivgridCost -Prompt 'Summarize' -Model gpt-5-mini -Chunk -ChunkTokens 1400 -MaxOutputTokens 70000");
            mapCount = ((ChunkEstimate)plan.Output.Single().BaseObject).Chunks;
            Assert.Equal(5, mapCount);
            _rs.Emulator.State.Reset();
            for (var i = 0; i < mapCount; i++) _rs.Emulator.State.Enqueue(new ScriptedReply { Content = $"answer {i + 1}:" + longAnswer });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "combined 1-3:" + longAnswer });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "combined 4-5" });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "final answer" });
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            var sent = Requests();
            Assert.Equal(8, sent.Count);
            Assert.Contains("parts 1 to 3", sent[5].UserTexts[0]);
            Assert.Equal(4, sent[5].UserTexts.Length);
            Assert.Contains("parts 4 to 5", sent[6].UserTexts[0]);
            Assert.Equal(new[] { "Combined answer for parts 1 to 3:\ncombined 1-3:" + longAnswer, "Combined answer for parts 4 to 5:\ncombined 4-5" }, sent[7].UserTexts.Skip(1));
            Assert.All(sent, s => Assert.True(s.Tokens + 70_000 <= 272_000));
            var result = Result(output);
            Assert.Equal("final answer", result.Content);
            Assert.Equal(7, result.Parts.Length);
            Assert.Equal(5, result.ChunkCount);
        }

        [Fact]
        public void A_failed_part_stops_the_run_and_keeps_the_finished_parts_and_every_ledger_line()
        {
            var path = WriteLog(600, out _);
            var shell = _rs.Shell($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 2000 -MaxRetries 0 -NoLedger:$false");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "first" });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "second" });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Status = 500 });
            var output = shell.Invoke().ToList();
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("ServerError", error.FullyQualifiedErrorId.Split(',')[0]);
            var partial = Result(output);
            Assert.Equal("interrupted", partial.FinishReason);
            Assert.Equal(new[] { "first", "second" }, partial.Parts.Select(p => p.Content));
            Assert.True(partial.ChunkCount > 3);
            Assert.Equal(3, _rs.Emulator.State.Requests.Count);
            var ledger = LedgerLines();
            Assert.Equal(new[] { "completed", "completed", "failed" }, ledger.Select(l => l.GetProperty("status").GetString()));
            Assert.All(ledger, l => Assert.Equal(partial.RunId, l.GetProperty("run").GetString()));
            Assert.Equal(ledger.Sum(l => l.GetProperty("costUsd").GetDecimal()), partial.CostUsd);
            Assert.Contains(shell.Streams.Warning, w => w.Message.Contains("did not finish"));
        }

        [Fact]
        public void Ctrl_C_keeps_a_ledger_line_for_each_finished_part_and_the_one_in_flight()
        {
            var path = WriteLog(600, out _);
            var shell = _rs.Shell($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 2000 -NoLedger:$false");
            _rs.Emulator.State.Enqueue(new ScriptedReply { Content = "first" });
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "second ", "never" }, Fault = "stall", AfterChunks = 1 });
            var done = shell.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (_rs.Emulator.State.Requests.Count < 2 && DateTime.UtcNow < deadline) System.Threading.Thread.Sleep(20);
            Assert.Equal(2, _rs.Emulator.State.Requests.Count);
            System.Threading.Thread.Sleep(200);
            shell.Stop();
            Assert.True(done.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
            var ledger = LedgerLines();
            Assert.Equal(new[] { "completed", "interrupted" }, ledger.Select(l => l.GetProperty("status").GetString()));
            Assert.Single(ledger.Select(l => l.GetProperty("run").GetString()).Distinct());
            Assert.Equal(2, _rs.Emulator.State.Requests.Count);
        }

        [Fact]
        public void MaxCost_covers_the_whole_run_before_the_first_request()
        {
            var path = WriteLog(3000, out _);
            var (_, refused) = _rs.Run($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4 -ChunkTokens 2000 -MaxCost 0.001");
            Assert.Equal("BudgetExceeded", refused.Streams.Error.Single().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(_rs.Emulator.State.Requests);

            // A budget that covers the input gets a lower output cap on every request instead of a refusal.
            var (output, shell) = _rs.Run($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4 -ChunkTokens 2000 -MaxCost 1.0");
            Assert.Empty(shell.Streams.Error);
            var sent = Requests();
            var cap = sent[0].MaxOutput!.Value;
            Assert.InRange(cap, 256, 16_383);
            Assert.All(sent, s => Assert.Equal(cap, s.MaxOutput));
            var model = Model("gpt-5.4");
            var worst = sent.Sum(s => VivgridPS.Core.Pricing.CostCalculator.InputCost(model, s.Tokens)!.Value + VivgridPS.Core.Pricing.CostCalculator.OutputCost(model, s.Tokens, cap)!.Value);
            Assert.True(worst <= 1.0m, worst + " USD at worst");
            Assert.True(Result(output).CostUsd <= 1.0m);
        }

        [Fact]
        public void With_a_schema_every_request_asks_for_it_and_the_result_holds_the_combined_object()
        {
            var path = WriteLog(800, out _);
            var (output, shell) = _rs.Run($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Count the hosts' -Model gpt-5.4-mini -ChunkTokens 3000 " +
                "-JsonSchema @{ type = 'object'; properties = @{ hosts = @{ type = 'integer' }; note = @{ type = 'string' } } }");
            Assert.Empty(shell.Streams.Error);
            var sent = Requests();
            Assert.True(sent.Count >= 4);
            Assert.All(sent, s => Assert.Equal("json_schema", s.Root.GetProperty("response_format").GetProperty("type").GetString()));
            var result = Result(output);
            var data = Assert.IsType<PSObject>(result.Data);
            Assert.NotNull(data.Properties["hosts"]);
            Assert.All(result.Parts, p => JsonDocument.Parse(p.Content));
        }

        [Fact]
        public void With_Stream_only_the_combined_answer_streams()
        {
            var path = WriteLog(800, out _);
            var (output, shell) = _rs.Run($"Get-Item -LiteralPath '{path}' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -ChunkTokens 3000 -Stream -PassThru");
            Assert.Empty(shell.Streams.Error);
            var text = string.Concat(output.Select(o => o.BaseObject).OfType<string>());
            var result = Result(output);
            Assert.Equal(result.Content, text);
            Assert.True(result.Parts.Length >= 3);
            Assert.All(result.Parts, p => Assert.DoesNotContain(p.Content, text == p.Content ? "" : text));
        }

        [Theory]
        [InlineData("-Model gpt-5.4-mini -ChunkTokens 5", "at least 16")]
        [InlineData("-Model gpt-5.4-mini -ChunkTokens 390000", "at most")]
        [InlineData("-Model gpt-5.4-mini -Chunk -Each", "-Each")]
        [InlineData("-Model deepseek-v3.2 -Chunk", "o200k_base")]
        public void Arguments_that_cannot_work_are_refused_before_any_input_is_read(string arguments, string says)
        {
            var (_, shell) = _rs.Run($"'some text' | Invoke-VivgridChat -Prompt 'Summarize' {arguments}");
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidArgument", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(says, error.ToString());
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void A_single_chunk_is_one_plain_request_and_a_too_large_prompt_points_at_Chunk()
        {
            var (output, shell) = _rs.Run("'line one','line two' | Invoke-VivgridChat -Prompt 'Summarize' -Model gpt-5.4-mini -Chunk");
            Assert.Empty(shell.Streams.Error);
            var sent = Assert.Single(Requests());
            Assert.Equal(new[] { "Summarize", "line one\nline two" }, sent.UserTexts);
            var result = Result(output);
            Assert.Equal(1, result.ChunkCount);
            Assert.Empty(result.Parts);

            var (_, tooBig) = _rs.Run("Invoke-VivgridChat -Model gpt-5-mini ('lorem ipsum dolor sit amet ' * 60000)");
            var error = Assert.Single(tooBig.Streams.Error);
            Assert.Equal("ContextWindowExceeded", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("-Chunk", error.ErrorDetails?.RecommendedAction ?? error.ToString());
        }
    }
}
