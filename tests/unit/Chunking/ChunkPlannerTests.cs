using System;
using System.IO;
using System.Linq;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Chunking;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Ledger;
using VivgridPS.Core.Models;
using VivgridPS.Core.Pricing;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Tests.Chunking
{
    public sealed class ChunkPlannerTests
    {
        /// <summary>A small window makes reduce levels and refusals reachable with little text.</summary>
        private static ModelInfo Small(int window = 4000, int maxOut = 1000) => new ModelInfo
        {
            Id = "gpt-5.4-mini", ContextWindow = window, MaxOutputTokens = maxOut, Tokenizer = TokenizerNames.O200kBase,
            InputPricePerMillion = 1m, OutputPricePerMillion = 4m,
        };

        private static ChunkRequests Requests(ModelInfo model, string? prompt = "Summarize the errors", string? system = "Be brief.")
        {
            var template = new ChatRequestTemplate { SystemPrompt = system };
            template.Options.Model = model.Id;
            return new ChunkRequests(template, prompt, model);
        }

        private sealed class TextSource(string text) : ChunkSource
        {
            public override string Label => "test.log";
            public override TextReader Open() => new StringReader(text);
        }

        private static string Log(int lines) =>
            string.Join("\n", Enumerable.Range(1, lines).Select(i => $"L{i:D5} 13:{i % 60:D2} host{i % 5} GET /x/{i} 200 {i % 300} ms"));

        [Fact]
        public void Each_map_request_counts_exactly_what_it_sends_and_fits_the_window_with_its_output_cap()
        {
            var model = Small(window: 3000, maxOut: 500);
            var requests = Requests(model);
            var text = Log(1000);
            var plan = ChunkPlanner.Plan(new TextSource(text), requests, chunkTokens: null, maxOutputTokens: null, maxCost: null);
            var chunks = new LineChunker(plan.Budget).Split(new StringReader(text)).ToList();
            Assert.Equal(plan.Chunks, chunks.Count);
            Assert.True(plan.Chunks > 5);
            Assert.Equal(500, plan.MaxOutputTokens);
            foreach (var chunk in chunks)
            {
                var request = requests.Map(chunk.Index + 1, plan.Chunks, chunk.Text!, plan.MaxOutputTokens);
                var counted = TokenCounter.CountMessages(request.Messages, model).Count;
                Assert.Equal(plan.MapInputTokens[chunk.Index], counted);
                Assert.True(counted + plan.MaxOutputTokens <= 3000, counted + " tokens");
            }
            // The worst case is every input at the input price plus every request's cap at the output price.
            var expected = plan.MapInputTokens.Concat(plan.Reduce.Requests)
                .Sum(t => CostCalculator.InputCost(model, t)!.Value + CostCalculator.OutputCost(model, t, plan.MaxOutputTokens)!.Value);
            Assert.Equal(expected, plan.MaxTotalCostUsd);
            Assert.Equal(1000, plan.Lines);
        }

        [Fact]
        public void Answers_too_many_for_one_request_are_forecast_over_several_levels()
        {
            var model = Small(window: 4000, maxOut: 1000);
            var requests = Requests(model);
            var forecast = ReduceForecast.For(requests, parts: 12, cap: 900, window: 4000)!;
            // Three 900-token answers fit 4000 - 900 - overhead: 12 answers take 4 requests; of their 4 answers three
            // share one request and one is carried up; the last 2 take the final request: 6 in all.
            Assert.Equal(6, forecast.Requests.Count);
            Assert.All(forecast.Requests, input => Assert.True(input + 900 <= 4000));
            Assert.Null(ReduceForecast.For(requests, parts: 3, cap: 1900, window: 4000));
            Assert.Empty(ReduceForecast.For(requests, parts: 1, cap: 900, window: 4000)!.Requests);
        }

        [Theory]
        [InlineData(5, "at least 16")]
        [InlineData(3500, "at most")]
        public void ChunkTokens_that_cannot_work_are_refused_with_the_numbers(int asked, string says)
        {
            var e = Assert.Throws<VivgridException>(() => ChunkPlanner.Limits(Requests(Small()), asked, null));
            Assert.Equal(VivgridErrorId.InvalidArgument, e.ErrorId);
            Assert.Contains(says, e.Message);
            Assert.Contains("-ChunkTokens", e.RecommendedAction);
        }

        [Fact]
        public void A_prompt_that_leaves_no_room_is_ContextWindowExceeded_and_ChunkTokens_asks_for_smaller_chunks()
        {
            var e = Assert.Throws<VivgridException>(() => ChunkPlanner.Limits(Requests(Small(window: 1050, maxOut: 1000)), null, null));
            Assert.Equal(VivgridErrorId.ContextWindowExceeded, e.ErrorId);
            var (budget, cap) = ChunkPlanner.Limits(Requests(Small()), 300, 200);
            Assert.Equal((300, 200), (budget, cap));
        }

        [Fact]
        public void MaxCost_lowers_the_output_cap_until_the_worst_case_fits_or_refuses_before_sending()
        {
            var model = Small(window: 6000, maxOut: 1000);
            var text = Log(600);
            var open = ChunkPlanner.Plan(new TextSource(text), Requests(model), null, null, null);
            var budget = open.MaxTotalCostUsd!.Value * 0.8m;
            var capped = ChunkPlanner.Plan(new TextSource(text), Requests(model), null, null, budget);
            Assert.True(capped.MaxOutputTokens < open.MaxOutputTokens);
            Assert.True(capped.MaxTotalCostUsd <= budget);
            Assert.Equal(open.ChunkTokens, capped.ChunkTokens);
            var e = Assert.Throws<VivgridException>(() => ChunkPlanner.Plan(new TextSource(text), Requests(model), null, null, 0.0001m));
            Assert.Equal(VivgridErrorId.BudgetExceeded, e.ErrorId);
            Assert.Contains("Nothing was sent", e.Message);
        }

        [Fact]
        public void A_model_without_exact_counts_or_window_cannot_be_chunked()
        {
            Assert.Throws<VivgridException>(() => ChunkPlanner.RequireWindow(ModelCatalog.Bundled.All.First(m => m.Id == "deepseek-v3.2"), "deepseek-v3.2"));
            Assert.Throws<VivgridException>(() => ChunkPlanner.RequireWindow(null, null));
        }

        [Fact]
        public void A_run_combines_answers_level_by_level_and_its_result_sums_every_request()
        {
            var model = ModelCatalog.Bundled.All.First(m => m.Id == "gpt-5.4-mini");
            var requests = Requests(model);
            var text = Log(2000);
            var plan = ChunkPlanner.Plan(new TextSource(text), requests, chunkTokens: 2000, maxOutputTokens: 100_000, maxCost: null);
            var run = new ChunkRun(plan, requests, ModelCatalog.Bundled, null, null, "test.log");
            var answer = string.Concat(Enumerable.Repeat(" word", 90_000));
            foreach (var chunk in new LineChunker(plan.Budget).Split(new StringReader(text)))
            {
                var step = run.Map(chunk);
                Assert.Equal(run.RunId, step.Work.RunId);
                run.Complete(step, new ChatResult { Content = answer, InputTokens = 2100, OutputTokens = 90_000, TotalTokens = 92_100, CostUsd = 1m,
                    Messages = new[] { new ChatMessage("user", chunk.Text), new ChatMessage("assistant", answer) } });
            }
            run.CheckAllMapped();
            var levels = 0;
            ChunkStep? final = null;
            while (run.NextReduce() is { Count: > 0 } steps)
            {
                levels++;
                Assert.All(steps, s => Assert.True(s.Work.Preflight.InputTokens + 100_000 <= 400_000));
                foreach (var step in steps)
                {
                    if (step.IsFinal) { final = step; continue; }
                    run.Complete(step, new ChatResult { Content = answer, InputTokens = 5, OutputTokens = 90_000, CostUsd = 1m });
                }
            }
            Assert.True(levels >= 2, levels + " levels");
            var result = run.Finish(new ChatResult { Content = "all", InputTokens = 7, OutputTokens = 3, CostUsd = 0.5m });
            Assert.Equal(plan.Chunks, result.ChunkCount);
            Assert.Equal(result.Parts.Sum(p => p.CostUsd) + 0.5m, result.CostUsd);
            Assert.Equal(result.Parts.Sum(p => p.InputTokens) + 7, result.InputTokens);
            Assert.True(final!.IsFinal);
            Assert.All(result.Parts, p => Assert.Empty(p.Messages));
            Assert.Equal(run.RunId, result.RunId);
        }

        [Fact]
        public void A_failed_run_keeps_the_finished_parts_marked_interrupted()
        {
            var model = ModelCatalog.Bundled.All.First(m => m.Id == "gpt-5.4-mini");
            var requests = Requests(model);
            var text = Log(500);
            var plan = ChunkPlanner.Plan(new TextSource(text), requests, chunkTokens: 1000, maxOutputTokens: null, maxCost: null);
            var run = new ChunkRun(plan, requests, ModelCatalog.Bundled, null, null, "test.log");
            var chunks = new LineChunker(plan.Budget).Split(new StringReader(text)).ToList();
            run.Complete(run.Map(chunks[0]), new ChatResult { Content = "one", InputTokens = 10, CostUsd = 0.25m });
            run.Map(chunks[1]);
            run.Fail();
            Assert.Empty(run.NextReduce());
            var partial = run.Partial();
            Assert.Equal("interrupted", partial.FinishReason);
            Assert.Equal(new[] { "one" }, partial.Parts.Select(p => p.Content));
            Assert.Equal(0.25m, partial.CostUsd);
        }

        [Fact]
        public void A_chunk_that_differs_from_the_plan_is_refused()
        {
            var model = ModelCatalog.Bundled.All.First(m => m.Id == "gpt-5.4-mini");
            var requests = Requests(model);
            var plan = ChunkPlanner.Plan(new TextSource(Log(500)), requests, chunkTokens: 1000, maxOutputTokens: null, maxCost: null);
            var run = new ChunkRun(plan, requests, ModelCatalog.Bundled, null, null, "test.log");
            var changed = new LineChunker(plan.Budget).Split(new StringReader(Log(500).Replace("GET", "GET GET"))).First();
            var e = Assert.Throws<VivgridException>(() => run.Map(changed));
            Assert.Equal(VivgridErrorId.InvalidInputFile, e.ErrorId);
            Assert.True(run.Failed);
        }

        [Fact]
        public void The_ledger_keeps_the_run_id()
        {
            var record = new UsageRecord { Time = DateTimeOffset.UtcNow, Model = "gpt-5.4-mini", Run = "0123456789abcdef" };
            var line = System.Text.Encoding.UTF8.GetString(UsageRecordJson.ToLine(record)).TrimEnd('\n');
            Assert.Contains("\"run\":\"0123456789abcdef\"", line);
            var back = UsageRecordJson.TryParse(line, out var problem);
            Assert.Null(problem);
            Assert.Equal("0123456789abcdef", back!.Run);
        }
    }
}
