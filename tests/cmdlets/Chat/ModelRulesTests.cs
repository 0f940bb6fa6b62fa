using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using VivgridPS.Cmdlets.Tests.Money;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>
    /// README "Model rules": what the chosen model would reject fails before sending, as InvalidRequest naming the model,
    /// the parameter and what would work; what it accepts reaches the (equally strict) emulator and succeeds.
    /// </summary>
    [Collection("Chat runspace")]
    public sealed class ModelRulesTests
    {
        private readonly ChatRunspace _rs;

        public ModelRulesTests(ChatRunspace rs) => _rs = rs;

        private ErrorRecord RefusedBeforeSending(string arguments)
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' " + arguments);
            Assert.Empty(output);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidRequest,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction), "a refusal says what would work");
            Assert.Empty(_rs.Emulator.State.Requests);
            return error;
        }

        private JsonElement OnlyBody() => JsonDocument.Parse(Assert.Single(_rs.Emulator.State.Requests).Body).RootElement.Clone();

        [Fact]
        public void Temperature_with_a_reasoning_effort_the_model_takes_it_only_without_is_refused()
        {
            var error = RefusedBeforeSending("-Model gpt-5.4-mini -Temperature 0.5 -ReasoningEffort high");
            Assert.Equal("gpt-5.4-mini accepts -Temperature only with -ReasoningEffort none. This request asks for -ReasoningEffort high.",
                error.Exception.Message);
            Assert.Equal("Add -ReasoningEffort none, or leave -Temperature out.", error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void Temperature_on_a_model_that_takes_only_the_default_is_refused_and_names_models_that_take_it()
        {
            var error = RefusedBeforeSending("-Model gpt-5 -TopP 0.9");
            Assert.Equal("gpt-5 does not accept -TopP 0.9: only the default (1) is supported.", error.Exception.Message);
            Assert.Contains("deepseek-v3.2", error.ErrorDetails.RecommendedAction);
            Assert.Contains("with -ReasoningEffort none", error.ErrorDetails.RecommendedAction);
        }

        [Theory]
        [InlineData("gpt-5.1", "minimal", "gpt-5.1 does not accept -ReasoningEffort minimal; it accepts none, low, medium or high.")]
        [InlineData("gpt-5", "none", "gpt-5 does not accept -ReasoningEffort none; it accepts minimal, low, medium or high.")]
        [InlineData("gpt-5.1-codex", "xhigh", "gpt-5.1-codex does not accept -ReasoningEffort xhigh; it accepts low, medium or high.")]
        public void A_reasoning_effort_the_model_rejects_is_refused(string model, string effort, string message)
        {
            var error = RefusedBeforeSending($"-Model {model} -ReasoningEffort {effort}");
            Assert.Equal(message, error.Exception.Message);
        }

        [Fact]
        public void Stop_on_a_model_without_stop_sequences_is_refused()
        {
            var error = RefusedBeforeSending("-Model gpt-5.4-mini -Stop 'END'");
            Assert.Equal("gpt-5.4-mini does not accept stop sequences (-Stop).", error.Exception.Message);
            Assert.Contains("deepseek-v3.2", error.ErrorDetails.RecommendedAction);
        }

        [Theory]
        [InlineData("-Stop 'END'", "-Stop")]
        [InlineData("-Seed 42", "-Seed")]
        public void Options_the_Responses_API_does_not_have_are_refused_not_dropped(string option, string name)
        {
            var error = RefusedBeforeSending("-Model gpt-5.1-codex " + option);
            Assert.Contains("Responses API", error.Exception.Message);
            Assert.Contains(name, error.Exception.Message);
        }

        [Fact]
        public void An_image_for_a_text_only_model_is_refused()
        {
            var folder = Path.Combine(Path.GetTempPath(), "vivgridps-rules-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                File.WriteAllBytes(Path.Combine(folder, "shot.png"), new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 });
                var error = RefusedBeforeSending($"-Model deepseek-v3.2 -Attachment '{Path.Combine(folder, "shot.png")}'");
                Assert.StartsWith("deepseek-v3.2 cannot read images (it takes text), so the attachment 'shot.png' would be rejected.", error.Exception.Message);
                Assert.Contains("gpt-5", error.ErrorDetails.RecommendedAction);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void What_the_model_accepts_is_sent_and_answered()
        {
            // gpt-5.4-mini's default effort is none, so a temperature alone is accepted by the service.
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'y' -Model gpt-5.4-mini -Temperature 0");
            Assert.Empty(shell.Streams.Error);
            Assert.Single(output);
            Assert.Equal(0, OnlyBody().GetProperty("temperature").GetDouble());
        }

        [Fact]
        public void An_uncatalogued_model_is_sent_untouched()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model my-local-model -Temperature 0.3 -Stop 'END' -ReasoningEffort xhigh");
            Assert.Empty(shell.Streams.Error);
            Assert.Single(output);
            var body = OnlyBody();
            Assert.Equal(0.3, body.GetProperty("temperature").GetDouble());
            Assert.Equal("END", body.GetProperty("stop")[0].GetString());
            Assert.Equal("xhigh", body.GetProperty("reasoning_effort").GetString());
            Assert.Equal("/v1/chat/completions", _rs.Emulator.State.Requests.Single().Path);
        }

        [Fact]
        public void An_uncatalogued_codex_id_goes_to_the_responses_api()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'write a haiku' -Model gpt-5.3-codex");
            Assert.Empty(shell.Streams.Error);
            Assert.StartsWith("Echo: write a haiku", ((ChatResult)output.Single().BaseObject).Content);
            Assert.Equal("/v1/responses", _rs.Emulator.State.Requests.Single().Path);
        }

        [Fact]
        public void A_user_catalog_sets_the_rules_of_a_model()
        {
            var path = Path.Combine(Path.GetTempPath(), "vivgridps-rules-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, "{\"models\":[{\"id\":\"my-local-model\",\"supportsStop\":false,\"reasoningEfforts\":[\"low\",\"high\"]}]}");
            try
            {
                using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", path));
                var error = RefusedBeforeSending("-Model my-local-model -Stop 'END'");
                Assert.Equal("my-local-model does not accept stop sequences (-Stop).", error.Exception.Message);
                error = RefusedBeforeSending("-Model my-local-model -ReasoningEffort medium");
                Assert.Equal("my-local-model does not accept -ReasoningEffort medium; it accepts low or high.", error.Exception.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Theory]
        [InlineData("@{ type = 'object'; properties = @{ a = @{ type = 'string' } }; additionalProperties = $true }",
            "the schema allows additional properties (strict output needs \"additionalProperties\": false)")]
        [InlineData("@{ type = 'object'; properties = @{ tags = @{ type = 'array'; items = @{ type = 'object'; properties = @{ n = @{ type = 'string' } }; required = @('x') } } } }",
            "tags.items requires 'x', which is not one of its properties")]
        public void A_JsonSchema_the_service_would_refuse_as_strict_fails_before_sending(string schema, string problem)
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -JsonSchema " + schema);
            Assert.Empty(output);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal("InvalidJsonSchema,VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Equal("The -JsonSchema cannot be sent as strict structured output: " + problem + ".", error.Exception.Message);
            Assert.Empty(_rs.Emulator.State.Requests);
        }

        [Fact]
        public void A_JsonSchema_with_every_property_required_and_a_nullable_optional_one_is_sent()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -JsonSchema @{ type = 'object'; properties = @{ a = @{ type = 'string' }; b = @{ type = @('integer', 'null') } }; required = @('a', 'b') }");
            Assert.Empty(shell.Streams.Error);
            Assert.Single(output);
        }

        [Fact]
        public void A_property_left_out_of_required_is_sent_required_and_nullable()
        {
            var (output, shell) = _rs.Run("Invoke-VivgridChat 'x' -Model gpt-5.4-mini -JsonSchema @{ type = 'object'; properties = @{ a = @{ type = 'string' }; b = @{ type = 'integer' } }; required = @('a') }");
            Assert.Empty(shell.Streams.Error);
            Assert.Single(output);
            using var body = System.Text.Json.JsonDocument.Parse(_rs.Emulator.State.Requests[^1].Body);
            var schema = body.RootElement.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");
            Assert.Equal(new[] { "a", "b" }, schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).OrderBy(n => n));
            Assert.Equal("[\"integer\",\"null\"]", schema.GetProperty("properties").GetProperty("b").GetProperty("type").GetRawText());
        }
    }
}
