using System;
using System.Linq;
using System.Text;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;
using Xunit;
using EmulatorCatalog = VivgridEmulator.ServedModels;

namespace VivgridPS.Tests.Models
{
    /// <summary>The request rules each catalog entry carries (README "Model rules") and the pre-send checks built on them.</summary>
    public sealed class ModelRulesCatalogTests
    {
        private static ModelCatalog Bundled => ModelCatalog.Bundled;

        [Theory]
        [InlineData("gpt-5.4-mini", "none,low,medium,high,xhigh", "none", "none", false)]
        [InlineData("gpt-5.1", "none,low,medium,high", "none", "none", false)]
        [InlineData("gpt-5", "minimal,low,medium,high", "medium", "", false)]
        [InlineData("gpt-5.1-codex", "low,medium,high", "medium", "", false)]
        [InlineData("gpt-5.1-codex-max", "low,medium,high,xhigh", "medium", "", false)]
        public void OpenAI_models_carry_their_rules(string id, string efforts, string defaultEffort, string sampling, bool stop)
        {
            var m = Bundled.Get(id);
            Assert.Equal(efforts.Split(','), m.ReasoningEfforts);
            Assert.Equal(defaultEffort, m.DefaultReasoningEffort);
            Assert.Equal(sampling.Split(',', StringSplitOptions.RemoveEmptyEntries), m.SamplingEfforts);
            Assert.Equal(stop, m.SupportsStop);
        }

        [Theory]
        [InlineData("deepseek-v3.2")]
        [InlineData("gemini-3.1-pro-preview")]
        public void Other_models_take_sampling_and_stop_and_leave_efforts_unchecked(string id)
        {
            var m = Bundled.Get(id);
            Assert.Null(m.ReasoningEfforts);
            Assert.Null(m.SamplingEfforts);
            Assert.True(m.SupportsStop);
        }

        /// <summary>The emulator stands for the service; the bundled catalog is what the module believes. They must agree.</summary>
        [Fact]
        public void The_bundled_rules_match_the_emulators_service_rules()
        {
            foreach (var (id, _, rules) in EmulatorCatalog.Models)
            {
                var m = Bundled.Get(id);
                Assert.True(Same(rules.Efforts, m.ReasoningEfforts), id + " efforts");
                Assert.Equal(rules.DefaultEffort, m.DefaultReasoningEffort);
                Assert.True(Same(rules.SamplingEfforts, m.SamplingEfforts), id + " sampling");
                Assert.Equal(rules.AcceptsStop, m.SupportsStop ?? true);
                Assert.Equal(rules.Modalities, m.InputModalities);
                Assert.Equal(rules.ResponsesOnly ? "responses" : "chat", m.Api);
            }
            Assert.Equal(EmulatorCatalog.Models.Length, Bundled.All.Count);
        }

        private static bool Same(string[]? a, string[]? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);

        [Fact]
        public void A_user_catalog_sets_clears_and_copies_the_rules()
        {
            var c = ModelCatalog.FromJson(Encoding.UTF8.GetBytes(
                "[{\"id\":\"a\",\"reasoningEfforts\":[\"LOW\",\"high\"],\"defaultReasoningEffort\":\"low\",\"samplingEfforts\":[],\"supportsStop\":false}," +
                "{\"id\":\"b\",\"reasoningEfforts\":null,\"samplingEfforts\":null,\"supportsStop\":null}]"), "test");
            var a = c.Get("a");
            Assert.Equal(new[] { "low", "high" }, a.ReasoningEfforts);
            Assert.Equal("low", a.DefaultReasoningEffort);
            Assert.Empty(a.SamplingEfforts!);
            Assert.False(a.SupportsStop);
            var b = c.Get("b");
            Assert.Null(b.ReasoningEfforts);
            Assert.Null(b.SamplingEfforts);
            Assert.Null(b.SupportsStop);
            var copy = ModelInfoCopier.Copy(a);
            copy.ReasoningEfforts![0] = "none";
            Assert.Equal("low", a.ReasoningEfforts![0]);
            Assert.False(copy.SupportsStop);
        }

        [Theory]
        [InlineData("{\"models\":[{\"id\":\"a\",\"reasoningEfforts\":[\"extreme\"]}]}", "'extreme'")]
        [InlineData("{\"models\":[{\"id\":\"a\",\"reasoningEfforts\":\"low\"}]}", "must be an array of reasoning efforts")]
        [InlineData("{\"models\":[{\"id\":\"a\",\"supportsStop\":\"yes\"}]}", "must be true or false")]
        public void Invalid_rules_in_a_user_catalog_are_CatalogInvalid(string json, string problem)
        {
            var ex = Assert.Throws<VivgridException>(() => ModelCatalog.FromJson(Encoding.UTF8.GetBytes(json), "test"));
            Assert.Equal(VivgridErrorId.CatalogInvalid, ex.ErrorId);
            Assert.Contains(problem, ex.Message);
        }

        [Theory]
        [InlineData("gpt-5.3-codex", "responses")]
        [InlineData("GPT-5.9-CODEX-MINI", "responses")]
        [InlineData("gpt-6", "chat")]
        public void Uncatalogued_ids_are_routed_by_family(string id, string api)
        {
            Assert.Equal(api, ModelFamily.ApiOf(id));
            var request = new ChatRequest { Model = id };
            request.Messages.Add(new VivgridPS.ChatMessage("user", "hi"));
            ChatPreflight.Run(request, Bundled, maxCost: null, describe: false);
            Assert.Equal(api == "responses" ? ChatApi.Responses : ChatApi.Chat, request.Api);
        }

        [Fact]
        public void The_preflight_refuses_what_the_model_rejects_and_passes_uncatalogued_models_untouched()
        {
            var refused = new ChatRequest { Model = "gpt-5.4-mini", Temperature = 0.5, ReasoningEffort = "high" };
            refused.Messages.Add(new VivgridPS.ChatMessage("user", "hi"));
            var ex = Assert.Throws<VivgridException>(() => ChatPreflight.Run(refused, Bundled, maxCost: null, describe: false));
            Assert.Equal(VivgridErrorId.InvalidRequest, ex.ErrorId);
            Assert.Equal(VivgridErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal("gpt-5.4-mini", ex.Target);
            Assert.StartsWith("gpt-5.4-mini accepts -Temperature only with -ReasoningEffort none.", ex.Message);

            var untouched = new ChatRequest { Model = "my-model", Temperature = 0.5, ReasoningEffort = "xhigh", Stop = new[] { "END" } };
            untouched.Messages.Add(new VivgridPS.ChatMessage("user", "hi"));
            ChatPreflight.Run(untouched, Bundled, maxCost: null, describe: false);
            Assert.Equal(0.5, untouched.Temperature);
            Assert.Equal("xhigh", untouched.ReasoningEffort);

            var managed = new ChatRequest { Temperature = 0.5, Stop = new[] { "END" } };
            managed.Messages.Add(new VivgridPS.ChatMessage("user", "hi"));
            ChatPreflight.Run(managed, Bundled, maxCost: null, describe: false);
        }

        [Fact]
        public void Temperature_1_is_the_default_and_always_accepted()
        {
            var request = new ChatRequest { Model = "gpt-5", Temperature = 1, TopP = 1 };
            request.Messages.Add(new VivgridPS.ChatMessage("user", "hi"));
            RequestValidator.Check(request, Bundled.Get("gpt-5"), Bundled);
        }
    }
}
