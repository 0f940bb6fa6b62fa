using System;
using System.IO;
using System.Linq;
using System.Text;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;
using Xunit;

namespace VivgridPS.Tests.Models
{
    [Collection(ProcessEnvironmentCollection.Name)]
    public sealed class ModelCatalogTests
    {
        private static ModelCatalog Bundled => ModelCatalog.Bundled;

        // SPEC §4's table, row by row: id, in, cached (null = —), out, context, max out, modalities, api.
        public static TheoryData<string, decimal, decimal?, decimal, int, int, string, string> SpecRows() => new TheoryData<string, decimal, decimal?, decimal, int, int, string, string>
        {
            { "gpt-5.4", 2.50m, 0.25m, 15.00m, 400_000, 128_000, "text,image,pdf", "chat" },
            { "gpt-5.4-mini", 0.75m, 0.08m, 4.50m, 400_000, 128_000, "text,image,pdf", "chat" },
            { "gpt-5.4-nano", 0.20m, 0.02m, 1.25m, 400_000, 128_000, "text,image,pdf", "chat" },
            { "gpt-5-mini", 0.25m, 0.03m, 2.00m, 272_000, 128_000, "text,image", "chat" },
            { "gpt-5", 1.25m, 0.125m, 10.00m, 272_000, 128_000, "text,image", "chat" },
            { "gpt-5.1", 1.25m, 0.125m, 10.00m, 400_000, 128_000, "text,image", "chat" },
            { "gpt-5.2", 1.75m, 0.175m, 14.00m, 400_000, 128_000, "text,image", "chat" },
            { "gpt-5.1-codex", 1.25m, 0.125m, 10.00m, 400_000, 128_000, "text,image", "responses" },
            { "gpt-5.1-codex-max", 1.25m, 0.125m, 10.00m, 400_000, 128_000, "text,image", "responses" },
            { "gpt-5.2-codex", 1.75m, 0.175m, 14.00m, 400_000, 128_000, "text,image", "responses" },
            { "gemini-3.1-pro-preview", 2.00m, 0.20m, 12.00m, 1_048_576, 65_536, "text,image,video,audio,pdf", "chat" },
            { "gemini-3.1-flash-lite-preview", 0.25m, 0.025m, 1.50m, 1_048_576, 65_536, "text,image,video,audio,pdf", "chat" },
            { "deepseek-v3.2", 0.28m, null, 0.42m, 128_000, 128_000, "text", "chat" },
        };

        [Theory]
        [MemberData(nameof(SpecRows))]
        public void Bundled_catalog_has_every_spec_row(string id, decimal input, decimal? cached, decimal output, int context, int maxOut, string modalities, string api)
        {
            var m = Bundled.Get(id);
            Assert.Equal(id, m.Id);
            Assert.Equal(input, m.InputPricePerMillion);
            Assert.Equal(cached, m.CachedInputPricePerMillion);
            Assert.Equal(output, m.OutputPricePerMillion);
            Assert.Equal(context, m.ContextWindow);
            Assert.Equal(maxOut, m.MaxOutputTokens);
            Assert.Equal(modalities.Split(','), m.InputModalities);
            Assert.Equal(api, m.Api);
            Assert.True(m.SupportsTools);
            Assert.NotEmpty(m.Sources);
            Assert.Equal("bundled", m.Origin);
            Assert.Null(m.Available);
            Assert.Equal(id.StartsWith("gpt-") ? "o200k_base" : null, m.Tokenizer);
        }

        [Fact]
        public void Bundled_catalog_has_exactly_the_spec_rows_and_their_facts()
        {
            Assert.Equal(13, Bundled.All.Count);
            var mini = Bundled.Get("gpt-5.4-mini");
            Assert.Equal("OpenAI", mini.Provider);
            Assert.Equal("2025-08", mini.KnowledgeCutoff);
            Assert.Equal(new[] { "AMER", "EMEA", "APAC" }, mini.Regions);
            Assert.Equal(new[] { "AMER", "EMEA" }, Bundled.Get("gpt-5.4-nano").Regions);
            Assert.Equal("Google", Bundled.Get("gemini-3.1-pro-preview").Provider);
            Assert.Equal("DeepSeek", Bundled.Get("deepseek-v3.2").Provider);
        }

        [Fact]
        public void Gemini_pro_doubles_its_prices_above_200K_input_tokens()
        {
            var tier = Assert.Single(Bundled.Get("gemini-3.1-pro-preview").PriceTiers);
            Assert.Equal(200_000, tier.AboveInputTokens);
            Assert.Equal(4.00m, tier.InputPricePerMillion);
            Assert.Equal(0.40m, tier.CachedInputPricePerMillion);
            Assert.Equal(24.00m, tier.OutputPricePerMillion);
        }

        [Fact]
        public void Lookup_is_case_insensitive_and_unknown_ids_name_the_closest()
        {
            Assert.True(Bundled.TryGet("GPT-5.4-Mini", out var m));
            Assert.Equal("gpt-5.4-mini", m.Id);
            Assert.False(Bundled.TryGet("gpt-9", out _));
            Assert.False(Bundled.TryGet("", out _));

            var message = Bundled.UnknownModelMessage("gpt-5.4-mimi");
            Assert.Contains("'gpt-5.4-mimi' is not in the catalog", message);
            Assert.Contains("Closest: gpt-5.4-mini", message);
        }

        [Theory]
        [InlineData("gpt-5.4-mimi", "gpt-5.4-mini")]
        [InlineData("gpt5.4-nano", "gpt-5.4-nano")]
        [InlineData("gemini-3.1-pro", "gemini-3.1-pro-preview")]
        [InlineData("deepseek", "deepseek-v3.2")]
        [InlineData("GPT-5.2-CODEX", "gpt-5.2-codex")]
        [InlineData("gpt-5.1-codx", "gpt-5.1-codex")]
        public void SuggestClosest_puts_the_intended_model_first(string typed, string expected)
        {
            var suggestions = Bundled.SuggestClosest(typed);
            Assert.Equal(3, suggestions.Count);
            Assert.Equal(expected, suggestions[0]);
        }

        [Fact]
        public void SuggestClosest_honours_count()
        {
            Assert.Single(Bundled.SuggestClosest("gpt", 1));
            Assert.Empty(Bundled.SuggestClosest("gpt", 0));
            Assert.Equal(13, Bundled.SuggestClosest("x", 50).Count);
        }

        [Fact]
        public void User_catalog_overrides_fields_and_adds_models_without_touching_the_bundled_catalog()
        {
            string path = TempJson(@"{ ""models"": [
                { ""id"": ""GPT-5.4-MINI"", ""outputPricePerMillion"": 5.125 },
                { ""id"": ""my-local-model"", ""provider"": ""Me"", ""inputPricePerMillion"": 0.1, ""outputPricePerMillion"": 0.2,
                  ""contextWindow"": 32000, ""inputModalities"": [""text""], ""api"": ""chat"", ""unknownField"": { ""x"": [1,2] } },
              ], }");
            try
            {
                var catalog = ModelCatalog.Load(path);
                var mini = catalog.Get("gpt-5.4-mini");
                Assert.Equal("gpt-5.4-mini", mini.Id);
                Assert.Equal(5.125m, mini.OutputPricePerMillion);
                Assert.Equal(0.75m, mini.InputPricePerMillion); // not restated, so kept
                Assert.Equal("2025-08", mini.KnowledgeCutoff);
                Assert.Equal("user", mini.Origin);

                var mine = catalog.Get("my-local-model");
                Assert.Equal("Me", mine.Provider);
                Assert.Equal(32_000, mine.ContextWindow);
                Assert.Null(mine.CachedInputPricePerMillion);
                Assert.Equal(14, catalog.All.Count);

                Assert.Equal(4.50m, ModelCatalog.Bundled.Get("gpt-5.4-mini").OutputPricePerMillion);
                Assert.False(ModelCatalog.Bundled.TryGet("my-local-model", out _));
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void User_catalog_may_be_a_bare_array()
        {
            string path = TempJson(@"[ { ""id"": ""extra-1"", ""inputPricePerMillion"": 1 } ]");
            try { Assert.Equal(1m, ModelCatalog.Load(path).Get("extra-1").InputPricePerMillion); }
            finally { File.Delete(path); }
        }

        [Theory]
        [InlineData("{ \"models\": [\n  { \"id\": \"a\",\n    \"inputPricePerMillion\": \"cheap\" } ] }", 3, "inputPricePerMillion")]
        [InlineData("{ \"models\": [\n  { \"id\": \"a\" \n    \"x\": 1 } ] }", 3, "")]
        [InlineData("{ \"models\": [\n  { \"provider\": \"x\" } ] }", 2, "no \"id\"")]
        [InlineData("{ \"models\": [\n { \"id\": \"a\", \"api\": \"completions\" } ] }", 2, "\"api\"")]
        [InlineData("{ \"models\": [\n { \"id\": \"a\", \"contextWindow\": -5 } ] }", 2, "contextWindow")]
        [InlineData("{ \"models\": [\n { \"id\": \"a\", \"inputPricePerMillion\": -1 } ] }", 2, "non-negative")]
        [InlineData("{ \"models\": {} }", 1, "array")]
        [InlineData("{ \"other\": [] }", 1, "no \"models\"")]
        [InlineData("42", 1, "expected an object")]
        [InlineData("", 1, "")]
        [InlineData("{ \"models\": [ { \"id\": \"a\" } ", 1, "")]
        public void Invalid_user_catalog_names_the_path_and_the_position(string json, int line, string problem)
        {
            string path = TempJson(json);
            try
            {
                var ex = Assert.Throws<VivgridException>(() => ModelCatalog.Load(path));
                Assert.Equal(VivgridErrorId.CatalogInvalid, ex.ErrorId);
                Assert.Equal(VivgridErrorKind.InvalidData, ex.Kind);
                Assert.Contains(path, ex.Message);
                Assert.Contains("line " + line + ", column ", ex.Message);
                Assert.Contains(problem, ex.Message);
                Assert.Equal(path, ex.Target);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Semantic_error_column_points_at_the_bad_value()
        {
            string path = TempJson("{\"models\":[\n{\"id\":\"a\",\"api\":\"x\"}]}");
            try
            {
                var ex = Assert.Throws<VivgridException>(() => ModelCatalog.Load(path));
                Assert.Contains("line 2, column 17", ex.Message); // the "x" string token starts at byte 17 of line 2
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Missing_user_catalog_is_CatalogInvalid()
        {
            string path = Path.Combine(Path.GetTempPath(), "vivgrid-missing-" + Guid.NewGuid() + ".json");
            var ex = Assert.Throws<VivgridException>(() => ModelCatalog.Load(path));
            Assert.Equal(VivgridErrorId.CatalogInvalid, ex.ErrorId);
            Assert.Contains(path, ex.Message);
        }

        [Fact]
        public void Current_follows_the_environment_variable_and_file_changes()
        {
            string path = TempJson(@"[ { ""id"": ""env-model"", ""inputPricePerMillion"": 1 } ]");
            string? before = Environment.GetEnvironmentVariable(ModelCatalog.UserCatalogVariable);
            try
            {
                Environment.SetEnvironmentVariable(ModelCatalog.UserCatalogVariable, path);
                Assert.Equal(1m, ModelCatalog.Current.Get("env-model").InputPricePerMillion);

                File.WriteAllText(path, @"[ { ""id"": ""env-model"", ""inputPricePerMillion"": 2.5, ""outputPricePerMillion"": 3 } ]");
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
                Assert.Equal(2.5m, ModelCatalog.Current.Get("env-model").InputPricePerMillion);

                Environment.SetEnvironmentVariable(ModelCatalog.UserCatalogVariable, null);
                Assert.Same(ModelCatalog.Bundled, ModelCatalog.Current);
            }
            finally
            {
                Environment.SetEnvironmentVariable(ModelCatalog.UserCatalogVariable, before);
                File.Delete(path);
            }
        }

        [Fact]
        public void FromJson_builds_a_catalog_of_only_those_entries()
        {
            var c = ModelCatalog.FromJson(Encoding.UTF8.GetBytes("[{\"id\":\"only\"}]"), "inline");
            Assert.Equal("only", Assert.Single(c.All).Id);
        }

        [Fact]
        public void Copies_do_not_share_state_with_the_catalog()
        {
            var original = Bundled.Get("gemini-3.1-pro-preview");
            var copy = ModelInfoCopier.Copy(original);
            copy.InputPricePerMillion = 0;
            copy.PriceTiers[0].InputPricePerMillion = 0;
            copy.Regions = new[] { "X" };
            Assert.Equal(2.00m, original.InputPricePerMillion);
            Assert.Equal(4.00m, original.PriceTiers[0].InputPricePerMillion);
            Assert.Equal(original.Sources, copy.Sources);
        }

        internal static string TempJson(string json)
        {
            string path = Path.Combine(Path.GetTempPath(), "vivgrid-catalog-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, json);
            return path;
        }
    }
}
