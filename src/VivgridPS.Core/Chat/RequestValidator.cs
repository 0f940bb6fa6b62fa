using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Refuses, before anything is sent, a request the chosen model would reject with HTTP 400 (README "Model rules"):
    /// a reasoning effort it does not take, temperature/top_p where only the default is allowed, stop sequences, an
    /// attachment of a kind it cannot read, tools on a model without them, and options the Responses API does not
    /// have, and a -JsonSchema that is not strict (<see cref="StrictSchemaCheck"/>). The model rules come from the catalog entry, so $env:VIVGRID_CATALOG can change them; a field the catalog
    /// leaves null is not checked, and an uncatalogued model is sent as asked.
    /// </summary>
    public static class RequestValidator
    {
        private const int SuggestionCount = 3;

        /// <param name="request">The request as it would be sent (its Api already chosen).</param>
        /// <param name="model">The catalog entry; null for the service default or an uncatalogued id.</param>
        /// <param name="catalog">Where alternatives that would work are looked up.</param>
        public static void Check(ChatRequest request, ModelInfo? model, ModelCatalog catalog)
        {
            CheckResponsesApi(request);
            if (request.JsonSchema != null) StrictSchemaCheck.Check(request.JsonSchema);
            if (model is null) return;
            CheckEffort(request, model);
            CheckSampling(request, model, "-Temperature", request.Temperature, catalog);
            CheckSampling(request, model, "-TopP", request.TopP, catalog);
            CheckStop(request, model, catalog);
            CheckAttachments(request, model, catalog);
            if (request.Tools.Count > 0 && !model.SupportsTools)
            {
                throw Invalid(model, model.Id + " does not take tools (-Tool).",
                    "Leave -Tool out, or use a model that takes tools: " + Suggest(catalog, m => m.SupportsTools) + ".");
            }
        }

        /// <summary>The Responses API has no stop or seed: sending them fails, dropping them would be silent.</summary>
        private static void CheckResponsesApi(ChatRequest request)
        {
            if (request.Api != ChatApi.Responses) return;
            var id = request.Model ?? "managed";
            if (request.Stop is { Count: > 0 })
            {
                throw new VivgridException(VivgridErrorId.InvalidRequest, VivgridErrorKind.InvalidArgument,
                    id + " is served by the Responses API, which has no stop sequences (-Stop).",
                    "Leave -Stop out for " + id + ".") { Target = id };
            }
            if (request.Seed != null)
            {
                throw new VivgridException(VivgridErrorId.InvalidRequest, VivgridErrorKind.InvalidArgument,
                    id + " is served by the Responses API, which has no -Seed.",
                    "Leave -Seed out for " + id + ".") { Target = id };
            }
        }

        private static void CheckEffort(ChatRequest request, ModelInfo model)
        {
            var effort = request.ReasoningEffort;
            if (effort is null || model.ReasoningEfforts is null) return;
            if (model.ReasoningEfforts.Contains(effort, StringComparer.OrdinalIgnoreCase)) return;
            var accepted = model.ReasoningEfforts.Length == 0
                ? "it takes no reasoning effort"
                : "it accepts " + OrList(model.ReasoningEfforts);
            throw Invalid(model, model.Id + " does not accept -ReasoningEffort " + effort + "; " + accepted + ".",
                model.ReasoningEfforts.Length == 0 ? "Leave -ReasoningEffort out." : "Pass -ReasoningEffort " + OrList(model.ReasoningEfforts) + ".");
        }

        /// <summary>
        /// temperature/top_p of 1 (the default) is always accepted; another value only at the efforts the catalog lists,
        /// judged on the effort sent, or the model's default effort when none is sent.
        /// </summary>
        private static void CheckSampling(ChatRequest request, ModelInfo model, string parameter, double? value, ModelCatalog catalog)
        {
            var allowed = model.SamplingEfforts;
            if (value is null || value.Value == 1.0 || allowed is null) return;
            var effort = request.ReasoningEffort ?? model.DefaultReasoningEffort;
            if (effort != null && allowed.Contains(effort, StringComparer.OrdinalIgnoreCase)) return;
            var shown = parameter + " " + value.Value.ToString(CultureInfo.InvariantCulture);
            if (allowed.Length == 0)
            {
                throw Invalid(model, model.Id + " does not accept " + shown + ": only the default (1) is supported.",
                    "Leave " + parameter + " out, or use a model that takes it: " + SamplingSuggestions(catalog) + ".");
            }
            var with = "-ReasoningEffort " + OrList(allowed);
            var asked = request.ReasoningEffort != null
                ? "This request asks for -ReasoningEffort " + request.ReasoningEffort + "."
                : "Its default effort is " + (model.DefaultReasoningEffort ?? "not known") + ".";
            throw Invalid(model, model.Id + " accepts " + parameter + " only with " + with + ". " + asked,
                "Add " + with + ", or leave " + parameter + " out.");
        }

        private static void CheckStop(ChatRequest request, ModelInfo model, ModelCatalog catalog)
        {
            if (request.Stop is not { Count: > 0 } || model.SupportsStop != false) return;
            throw Invalid(model, model.Id + " does not accept stop sequences (-Stop).",
                "Leave -Stop out, or use a model that takes it: " + Suggest(catalog, m => m.SupportsStop == true && m.Api == "chat") + ".");
        }

        private static void CheckAttachments(ChatRequest request, ModelInfo model, ModelCatalog catalog)
        {
            if (model.InputModalities.Length == 0) return;
            foreach (var attachment in request.Messages.SelectMany(m => m.Attachments))
            {
                var modality = attachment.Kind == "image" ? "image" : "pdf";
                if (model.InputModalities.Contains(modality, StringComparer.OrdinalIgnoreCase)) continue;
                var noun = modality == "image" ? "images" : "PDF files";
                throw Invalid(model, model.Id + " cannot read " + noun + " (it takes " + string.Join(", ", model.InputModalities) +
                    "), so the attachment '" + attachment.FileName + "' would be rejected.",
                    "Use a model that reads " + noun + ": " + Suggest(catalog, m => m.InputModalities.Contains(modality, StringComparer.OrdinalIgnoreCase)) +
                    ", or leave the attachment out.");
            }
        }

        /// <summary>Models that take temperature at any effort, then those that take it at a given effort.</summary>
        private static string SamplingSuggestions(ModelCatalog catalog)
        {
            var always = catalog.All.Where(m => m.SamplingEfforts is null && m.Api == "chat").Select(m => m.Id);
            var someEffort = catalog.All.Where(m => m.SamplingEfforts is { Length: > 0 })
                .Select(m => m.Id + " with -ReasoningEffort " + OrList(m.SamplingEfforts!));
            return string.Join(", ", always.Take(2).Concat(someEffort.Take(1)));
        }

        private static string Suggest(ModelCatalog catalog, Func<ModelInfo, bool> works)
        {
            var ids = catalog.All.Where(works).Select(m => m.Id).Take(SuggestionCount).ToList();
            return ids.Count == 0 ? "none in the catalog" : string.Join(", ", ids);
        }

        private static string OrList(IReadOnlyList<string> items) =>
            items.Count <= 1 ? string.Join(string.Empty, items) : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[items.Count - 1];

        private static VivgridException Invalid(ModelInfo model, string message, string action) =>
            new VivgridException(VivgridErrorId.InvalidRequest, VivgridErrorKind.InvalidArgument, message, action) { Target = model.Id };
    }
}
