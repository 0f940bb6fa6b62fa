using System;
using System.IO;
using System.Linq;
using VivgridPS.Core.Models;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Money
{
    [Collection(MoneyRunspaceCollection.Name)]
    public sealed class MeasureVivgridCostTests
    {
        private readonly RunspaceFixture _ps;

        public MeasureVivgridCostTests(RunspaceFixture ps) => _ps = ps;

        private static int Tokens(params ChatMessage[] messages) => TokenCounter.CountMessages(messages).Count;

        private static IDisposable CleanEnv() => RunspaceFixture.Env(("VIVGRID_CATALOG", null), ("VIVGRID_MODEL", null));

        [Fact]
        public void Piped_strings_are_one_estimate_joined_with_newlines()
        {
            using var env = CleanEnv();
            var r = _ps.Run("'first line', 'second line', 'third' | Measure-VivgridCost -Model gpt-5.4-mini -Prompt 'Summarize'");
            Assert.Empty(r.Errors);
            var e = Assert.Single(r.Objects<CostEstimate>());
            Assert.Equal("gpt-5.4-mini", e.Model);
            Assert.Equal(Tokens(new ChatMessage("user", "Summarize\n\nfirst line\nsecond line\nthird")), e.InputTokens);
            Assert.Equal(e.InputTokens * 0.75m / 1_000_000m, e.InputCostUsd);
            Assert.Equal(128_000, e.MaxOutputTokens);
            Assert.Equal(0.576m, e.MaxOutputCostUsd);
            Assert.Equal(e.InputCostUsd + 0.576m, e.MaxTotalCostUsd);
            Assert.Equal(400_000, e.ContextWindow);
            Assert.True(e.FitsContext);
            Assert.False(e.IsEstimate);
        }

        [Fact]
        public void Strings_without_Model_still_pick_the_estimate_with_the_default_model()
        {
            using var env = CleanEnv();
            var r = _ps.Run("'hello' | Measure-VivgridCost");
            var e = Assert.Single(r.Objects<CostEstimate>());
            Assert.Equal(MeasureDefaults.Model, e.Model);
            Assert.Equal(8, e.InputTokens);

            using var env2 = RunspaceFixture.Env(("VIVGRID_MODEL", "gpt-5.4-nano"));
            Assert.Equal("gpt-5.4-nano", Assert.Single(_ps.Run("'hello' | Measure-VivgridCost").Objects<CostEstimate>()).Model);
        }

        [Fact]
        public void System_prompt_and_max_output_are_counted()
        {
            using var env = CleanEnv();
            var e = Assert.Single(_ps.Run("Measure-VivgridCost 'Explain robocopy exit code 16' -SystemPrompt 'Be brief.' -Model gpt-5.4 -MaxOutputTokens 1000")
                .Objects<CostEstimate>());
            Assert.Equal(Tokens(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Explain robocopy exit code 16")), e.InputTokens);
            Assert.Equal(1000, e.MaxOutputTokens);
            Assert.Equal(0.015m, e.MaxOutputCostUsd);
        }

        [Fact]
        public void Each_file_gets_its_own_estimate_with_its_path()
        {
            using var env = CleanEnv();
            string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "vivgrid-measure-" + Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "a.txt"), "alpha report\nline two");
                File.WriteAllText(Path.Combine(dir, "b.log"), "beta");
                File.WriteAllBytes(Path.Combine(dir, "c.bin"), new byte[] { 1, 0, 2, 0, 3 });
                // A real PNG signature: the estimate checks files exactly as Invoke-VivgridChat would before sending.
                File.WriteAllBytes(Path.Combine(dir, "d.png"), new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 });
                var r = _ps.Run("Get-ChildItem -LiteralPath $dir -File | Sort-Object Name | Measure-VivgridCost -Model gpt-5.4-mini -Prompt 'Summarize'",
                    new System.Collections.Generic.Dictionary<string, object?> { ["dir"] = dir });
                var estimates = r.Objects<CostEstimate>();
                Assert.Equal(new[] { "a.txt", "b.log", "d.png" }, estimates.Select(e => Path.GetFileName((string)e.Source!)));
                Assert.Equal(Tokens(new ChatMessage("user", "Summarize\n\nalpha report\nline two")), estimates[0].InputTokens);
                Assert.Equal(Tokens(new ChatMessage("user", "Summarize\n\nbeta")), estimates[1].InputTokens);
                Assert.Equal(Tokens(new ChatMessage("user", "Summarize")) + TokenCounter.ImageTokenEstimate, estimates[2].InputTokens);
                Assert.True(estimates[2].IsEstimate);
                var error = Assert.Single(r.Errors);
                Assert.Equal("InvalidInputFile,VivgridPS.Commands.MeasureVivgridCostCommand", error.FullyQualifiedErrorId);
                Assert.Contains("c.bin", error.Exception.Message);
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void Unknown_model_warns_and_leaves_costs_empty()
        {
            using var env = CleanEnv();
            var r = _ps.Run("'hi' | Measure-VivgridCost -Model gpt-5.4-mimi");
            var e = Assert.Single(r.Objects<CostEstimate>());
            Assert.Null(e.InputCostUsd);
            Assert.Null(e.MaxTotalCostUsd);
            Assert.Contains("Closest: gpt-5.4-mini", Assert.Single(r.Warnings));

            var gemini = Assert.Single(_ps.Run("'hi there' | Measure-VivgridCost -Model gemini-3.1-pro-preview").Objects<CostEstimate>());
            Assert.True(gemini.IsEstimate);
        }

        [Fact]
        public void Over_the_context_window_says_so()
        {
            using var env = CleanEnv();
            var e = Assert.Single(_ps.Run("('word ' * 130000) | Measure-VivgridCost -Model deepseek-v3.2").Objects<CostEstimate>());
            Assert.False(e.FitsContext);
            Assert.Equal(128_000, e.ContextWindow);
        }

        private const string ResultsScript = @"
            $a = [VivgridPS.ChatResult]@{ Model = 'gpt-5.4-mini'; InputTokens = 1000; CachedInputTokens = 400; OutputTokens = 50; ReasoningTokens = 10; CostUsd = [decimal]'0.001'; Tag = 'nightly'; Source = 'a.log'; Created = [DateTimeOffset]'2026-01-02T23:30:00Z' }
            $b = [VivgridPS.ChatResult]@{ Model = 'gpt-5.4-nano'; InputTokens = 200; OutputTokens = 20; CostUsd = [decimal]'0.0002'; Tag = 'adhoc'; Created = [DateTimeOffset]'2026-01-03T01:00:00Z' }
            $c = [VivgridPS.ChatResult]@{ Model = 'gpt-5.4-mini'; InputTokens = 3000; OutputTokens = 300; CostUsd = [decimal]'0.003'; Source = 'b.log'; Created = [DateTimeOffset]'2026-01-03T05:00:00Z' }
            $d = [VivgridPS.ChatResult]@{ Model = 'mystery'; InputTokens = 7; OutputTokens = 3; CostUsd = $null }
            $results = $a, $b, $c, $d";

        [Fact]
        public void Piped_results_pick_sum_mode_and_total_exactly()
        {
            var r = _ps.Run(ResultsScript + "; $results | Measure-VivgridCost -Verbose");
            var s = Assert.Single(r.Objects<CostSummary>());
            Assert.Empty(r.Objects<CostEstimate>());
            Assert.Null(s.Group);
            Assert.Equal(4, s.Count);
            Assert.Equal(4207, s.InputTokens);
            Assert.Equal(400, s.CachedInputTokens);
            Assert.Equal(373, s.OutputTokens);
            Assert.Equal(10, s.ReasoningTokens);
            Assert.Equal(0.0042m, s.TotalCostUsd);
            Assert.Contains(r.Verbose, v => v.Contains("1 of 4 results have no cost"));
        }

        [Fact]
        public void GroupBy_model_day_source_and_tag_sort_by_key()
        {
            var byModel = _ps.Run(ResultsScript + "; $results | Measure-VivgridCost -GroupBy Model").Objects<CostSummary>();
            Assert.Equal(new[] { "gpt-5.4-mini", "gpt-5.4-nano", "mystery" }, byModel.Select(s => s.Group));
            Assert.Equal(2, byModel[0].Count);
            Assert.Equal(0.004m, byModel[0].TotalCostUsd);
            Assert.Null(byModel[2].TotalCostUsd); // no price: unknown, never a made-up 0

            var byDay = _ps.Run(ResultsScript + "; $results | Measure-VivgridCost -GroupBy Day").Objects<CostSummary>();
            Assert.Equal(new[] { "(none)", "2026-01-02", "2026-01-03" }, byDay.Select(s => s.Group));
            Assert.Equal(2, byDay[2].Count);

            var bySource = _ps.Run(ResultsScript + "; Measure-VivgridCost -Result $results -GroupBy Source").Objects<CostSummary>();
            Assert.Equal(new[] { "(none)", "a.log", "b.log" }, bySource.Select(s => s.Group));

            var byTag = _ps.Run(ResultsScript + "; $results | Measure-VivgridCost -GroupBy Tag").Objects<CostSummary>();
            Assert.Equal(new[] { "(none)", "adhoc", "nightly" }, byTag.Select(s => s.Group));
            Assert.Equal(2, byTag[0].Count);
        }

        [Fact]
        public void Usage_records_wrapped_objects_and_look_alikes_are_summed()
        {
            var r = _ps.Run(@"
                $u = [VivgridPS.UsageRecord]@{ Time = [DateTimeOffset]'2026-02-01T10:00:00Z'; Model = 'gpt-5'; InputTokens = 10; OutputTokens = 5; CostUsd = [decimal]'0.5' }
                $w = [VivgridPS.ChatResult]@{ Model = 'gpt-5'; InputTokens = 1; OutputTokens = 1; CostUsd = [decimal]'0.25' } | Add-Member -NotePropertyName Extra -NotePropertyValue 1 -PassThru
                $csv = [pscustomobject]@{ Model = 'gpt-5'; InputTokens = '100'; CachedInputTokens = ''; OutputTokens = '7'; CostUsd = '0.125'; Time = '2026-02-02T00:00:00Z' }
                $u, $w, $csv | Measure-VivgridCost -GroupBy Day");
            Assert.Empty(r.Errors);
            var groups = r.Objects<CostSummary>();
            Assert.Equal(new[] { "(none)", "2026-02-01", "2026-02-02" }, groups.Select(g => g.Group));
            Assert.Equal(0.25m, groups[0].TotalCostUsd);
            Assert.Equal(0.5m, groups[1].TotalCostUsd);
            Assert.Equal(100, groups[2].InputTokens);
            Assert.Equal(0.125m, groups[2].TotalCostUsd);
        }

        [Fact]
        public void GroupBy_with_text_input_is_an_error_per_item()
        {
            var r = _ps.Run("'not a result' | Measure-VivgridCost -GroupBy Model");
            var error = Assert.Single(r.Errors);
            Assert.Equal("InvalidArgument,VivgridPS.Commands.MeasureVivgridCostCommand", error.FullyQualifiedErrorId);
            Assert.Empty(r.Objects<CostSummary>());
        }

        [Fact]
        public void No_input_in_sum_mode_is_a_zero_summary()
        {
            var s = Assert.Single(_ps.Run("@() | Measure-VivgridCost").Objects<CostSummary>());
            Assert.Equal(0, s.Count);
            Assert.Equal(0m, s.TotalCostUsd);
        }

        [Fact]
        public void Results_piped_with_Model_are_estimate_material()
        {
            using var env = CleanEnv();
            var r = _ps.Run("[VivgridPS.ChatResult]@{ Content = 'hello'; Model = 'gpt-5' } | Measure-VivgridCost -Model gpt-5.4-mini");
            var e = Assert.Single(r.Objects<CostEstimate>());
            Assert.True(e.InputTokens > 3);
        }

        [Fact]
        public void Invalid_user_catalog_stops_the_estimate()
        {
            string path = Path.Combine(Path.GetTempPath(), "vivgrid-measure-bad-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, "{ nope");
            try
            {
                using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", path), ("VIVGRID_MODEL", null));
                var r = _ps.Run("try { 'x' | Measure-VivgridCost -Model gpt-5 } catch { $_.FullyQualifiedErrorId }");
                Assert.Equal("CatalogInvalid,VivgridPS.Commands.MeasureVivgridCostCommand", Assert.Single(r.Output).BaseObject);
            }
            finally { File.Delete(path); }
        }

        private static class MeasureDefaults
        {
            public const string Model = VivgridPS.Commands.MeasureVivgridCostCommand.DefaultEstimateModel;
        }
    }
}
