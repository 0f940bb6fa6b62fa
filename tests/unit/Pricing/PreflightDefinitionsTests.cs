using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;
using Xunit;

namespace VivgridPS.Tests.Pricing
{
    /// <summary>-MaxCost and -WhatIf count what is billed as input besides the messages: tool definitions and the schema.</summary>
    public sealed class PreflightDefinitionsTests
    {
        private static ChatRequest Request()
        {
            var request = new ChatRequest { Model = "gpt-5.4-mini" };
            request.Messages.Add(new VivgridPS.ChatMessage("user", "Which services are stopped?"));
            return request;
        }

        private const string BigSchema = "{\"type\":\"object\",\"properties\":{\"Name\":{\"type\":\"string\",\"description\":\"The service name, for example Spooler or W32Time, as Get-Service shows it in its Name column.\"}}}";

        [Fact]
        public void Tool_definitions_and_the_schema_add_to_the_counted_input_and_make_it_an_estimate()
        {
            var plain = ChatPreflight.Run(Request(), ModelCatalog.Bundled, maxCost: 1m);
            var withTool = Request();
            withTool.Tools.Add(new ToolDefinition("Get-Service", "Gets the services on the computer.", BigSchema));
            var tools = ChatPreflight.Run(withTool, ModelCatalog.Bundled, maxCost: 1m);
            var withSchema = Request();
            // As Invoke-VivgridChat sends it: normalized to a strict schema (the preflight refuses one that is not).
            withSchema.JsonSchema = JsonSchemaNormalizer.Normalize(BigSchema).Schema;
            var schema = ChatPreflight.Run(withSchema, ModelCatalog.Bundled, maxCost: 1m);

            Assert.False(plain.IsEstimate);
            Assert.True(tools.InputTokens > plain.InputTokens + 30, $"{tools.InputTokens} vs {plain.InputTokens}");
            Assert.True(schema.InputTokens > plain.InputTokens + 30, $"{schema.InputTokens} vs {plain.InputTokens}");
            Assert.True(tools.IsEstimate);
            Assert.True(schema.IsEstimate);
        }

        [Fact]
        public void A_budget_the_messages_fit_but_the_definitions_do_not_is_refused_before_sending()
        {
            // 40 tools of ~40 tokens each: about 1,600 input tokens the messages alone do not have.
            var request = Request();
            for (int i = 0; i < 40; i++) request.Tools.Add(new ToolDefinition("Tool" + i, "Does thing number " + i + ".", BigSchema));
            decimal messagesOnly = ChatPreflight.Run(Request(), ModelCatalog.Bundled, maxCost: 1m).InputTokens!.Value * 0.75m / 1_000_000m;
            var ex = Assert.Throws<VivgridException>(() => ChatPreflight.Run(request, ModelCatalog.Bundled, maxCost: messagesOnly * 2));
            Assert.Equal(VivgridErrorId.BudgetExceeded, ex.ErrorId);
        }
    }
}
