using System;
using VivgridPS.Core.Models;
using VivgridPS.Core.Pricing;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Everything decided before a request leaves the machine: which endpoint serves the model, whether the model
    /// takes what the request asks for (<see cref="RequestValidator"/>), the counted input
    /// tokens, the context-window check, the -MaxCost cap on max_completion_tokens, and the worst-case estimate
    /// that -WhatIf shows, and the input size limit. Failing here means nothing was sent and nothing was spent.
    /// </summary>
    public sealed class ChatPreflight
    {
        private ChatPreflight(ModelInfo? model, TokenCountResult? input, CostEstimate? estimate)
        {
            Model = model;
            InputTokens = input?.Count;
            IsEstimate = input?.IsEstimate ?? true;
            Estimate = estimate;
        }

        /// <summary>The catalog entry of the requested model; null for the service default or an unknown id.</summary>
        public ModelInfo? Model { get; }
        /// <summary>Counted input tokens; null when nothing needed the count (see <see cref="Run"/>).</summary>
        public int? InputTokens { get; }
        public bool IsEstimate { get; }
        public CostEstimate? Estimate { get; }

        /// <summary>
        /// Counting tokens exactly loads the o200k vocabulary (about 200 ms on first use) and walks the whole prompt,
        /// so it is done only when something needs the number: -MaxCost, -WhatIf/-Confirm/-Verbose
        /// (<paramref name="describe"/>), or a prompt that might not fit the context window (every o200k token
        /// covers at least one UTF-8 byte, so a prompt with fewer bytes than the window always fits).
        /// </summary>
        public static ChatPreflight Run(ChatRequest request, ModelCatalog catalog, decimal? maxCost, bool describe = true)
        {
            Input.InputSizeGuard.Check(request.Messages);
            ModelInfo? model = null;
            if (request.Model != null) catalog.TryGet(request.Model, out model!);
            else if (maxCost is not null) throw BudgetNeedsModel();
            // An uncatalogued id is routed by its family (a codex id goes to /responses).
            var api = model?.Api ?? (request.Model is null ? "chat" : ModelFamily.ApiOf(request.Model));
            request.Api = api == "responses" ? ChatApi.Responses : ChatApi.Chat;
            RequestValidator.Check(request, model, catalog);
            var mightOverflow = model?.ContextWindow is int window && TokenCounter.UpperBound(request.Messages) > window;
            if (maxCost is null && !describe && !mightOverflow) return new ChatPreflight(model, null, null);
            var input = WithDefinitions(TokenCounter.CountMessages(request.Messages, model), request, model);
            if (model != null) ContextGuard.Check(input.Count, model);
            if (maxCost is { } budget)
            {
                // An unpriced model cannot be held to a budget: the planner fails closed for it.
                var priced = model ?? new VivgridPS.ModelInfo { Id = request.Model! };
                request.MaxOutputTokens = BudgetPlanner.Plan(budget, input.Count, request.MaxOutputTokens, priced);
            }
            var estimate = model is null ? null : CostCalculator.Estimate(model, input.Count, request.MaxOutputTokens, input.IsEstimate);
            return new ChatPreflight(model, input, estimate);
        }

        /// <summary>
        /// Tool definitions and the response schema are billed as input too, so -MaxCost and -WhatIf count them: their
        /// JSON text with the model's tokenizer. The service wraps them in a framing of its own that is not published,
        /// so the total becomes an estimate (IsEstimate) when they are present.
        /// </summary>
        private static TokenCountResult WithDefinitions(TokenCountResult messages, ChatRequest request, ModelInfo? model)
        {
            if (request.Tools.Count == 0 && request.JsonSchema is null) return messages;
            long extra = 0;
            foreach (var tool in request.Tools)
            {
                extra += TokenCounter.CountText(tool.Name + " " + tool.Description + " " + tool.ParametersSchemaJson, model).Count;
            }
            if (request.JsonSchema != null) extra += TokenCounter.CountText(request.JsonSchemaName + " " + request.JsonSchema, model).Count;
            return new TokenCountResult((int)Math.Min(int.MaxValue, messages.Count + extra), isEstimate: true);
        }

        /// <summary>True when the service chose the model and the answer does not say which ("managed"), so no price applies.</summary>
        public static bool IsUnnamedModel(string? answeredModel, string? requestedModel) =>
            requestedModel is null && (string.IsNullOrEmpty(answeredModel) || answeredModel == ManagedModel);

        /// <summary>The id of the service default; Vivgrid's answers echo it instead of the model that ran.</summary>
        public const string ManagedModel = "managed";

        private static Errors.VivgridException BudgetNeedsModel() =>
            new Errors.VivgridException(Errors.VivgridErrorId.BudgetNeedsModel, Errors.VivgridErrorKind.InvalidArgument,
                "-MaxCost needs the model's price, but no model is named: the service would choose one (\"managed\") and " +
                "its answer does not say which, so the budget could not be enforced. Nothing was sent.",
                "Pass -Model (for example -Model gpt-5.4-mini) or set $env:VIVGRID_MODEL; Get-VivgridModel lists the priced models.");

        /// <summary>
        /// The price of what was actually used. The model that answered decides (a dated id such as
        /// gpt-5.4-mini-2026-03-17 is priced as its family); the requested model is the fallback.
        /// </summary>
        public static decimal? Cost(ModelCatalog catalog, string? answeredModel, ModelInfo? requested, Chat.TokenUsage? usage)
        {
            if (usage is null) return null;
            // "managed" names no model: a request that named one is priced as that one; otherwise there is no price.
            var model = Resolve(catalog, answeredModel) ?? requested;
            return model is null ? null : CostCalculator.Cost(model, usage);
        }

        private static ModelInfo? Resolve(ModelCatalog catalog, string? id)
        {
            if (string.IsNullOrEmpty(id)) return null;
            if (catalog.TryGet(id!, out var exact)) return exact;
            // Strip a trailing -YYYY-MM-DD snapshot date.
            var match = System.Text.RegularExpressions.Regex.Match(id!, @"^(.+)-\d{4}-\d{2}-\d{2}$");
            return match.Success && catalog.TryGet(match.Groups[1].Value, out var family) ? family : null;
        }
    }
}
