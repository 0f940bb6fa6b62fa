using System;
using System.Collections.Generic;
using System.Globalization;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// Plans a -Chunk run before anything is sent: the chunk budget (the context window minus the fixed part of a map
    /// request and the output reserve, or the smaller -ChunkTokens), a counting pass over the input, and the worst
    /// case of the whole run. With -MaxCost the output cap is lowered until the worst case fits, or the run is refused.
    /// </summary>
    public static class ChunkPlanner
    {
        /// <summary>max_completion_tokens of each request when -MaxOutputTokens is not given (or the model maximum if smaller).</summary>
        public const int DefaultOutputCap = 16_384;

        /// <summary>-MaxCost never lowers the output cap below this: an answer cut this short is worth less than a clear refusal.</summary>
        public const int MinOutputCap = 256;

        /// <summary>Checks that <paramref name="model"/> can be chunked; returns its window.</summary>
        public static int RequireWindow(ModelInfo? model, string? requestedId)
        {
            if (model is null)
            {
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    requestedId is null
                        ? "-Chunk needs to know the model's context window, but no model is named (the service would choose one). Nothing was sent."
                        : $"-Chunk needs to know the context window of '{requestedId}', but the catalog does not list it. Nothing was sent.",
                    "Pass -Model with a catalogued model (Get-VivgridModel lists them) or set $env:VIVGRID_MODEL.");
            }
            if (model.ContextWindow is not int window || !TokenCounter.UsesO200k(model))
            {
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    $"-Chunk splits by exact o200k_base token counts, and the catalog gives {model.Id} " +
                    (model.ContextWindow is null ? "no context window" : "another tokenizer") + ", so chunks could not be sized exactly. Nothing was sent.",
                    "Use an o200k_base model (gpt-5.x, gpt-5.4-mini), or split the input yourself.") { Target = model.Id };
            }
            return window;
        }

        /// <summary>The output cap and the chunk budget, or a clear error when nothing fits.</summary>
        public static (int Budget, int Cap) Limits(ChunkRequests requests, int? chunkTokens, int? maxOutputTokens)
        {
            var model = requests.Model;
            var window = RequireWindow(model, model.Id);
            var cap = maxOutputTokens ?? Math.Min(model.MaxOutputTokens ?? DefaultOutputCap, DefaultOutputCap);
            var overhead = requests.MaxMapOverhead();
            long room = (long)window - cap - overhead;
            if (room < LineChunker.MinBudget)
            {
                throw new VivgridException(VivgridErrorId.ContextWindowExceeded, VivgridErrorKind.LimitsExceeded,
                    string.Format(CultureInfo.InvariantCulture,
                        "-Chunk has no room for input: the {0:N0}-token context window of {1} minus the prompt, system prompt and schema ({2:N0} tokens) and the output reserve ({3:N0}) leaves {4:N0} tokens. Nothing was sent.",
                        window, model.Id, overhead, cap, Math.Max(0, room)),
                    "Shorten the prompt or -SystemPrompt, lower -MaxOutputTokens, or choose a model with a larger context window.") { Target = model.Id };
            }
            if (chunkTokens is not int asked) return ((int)Math.Min(int.MaxValue, room), cap);
            if (asked < LineChunker.MinBudget || asked > room)
            {
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    string.Format(CultureInfo.InvariantCulture,
                        "-ChunkTokens {0} cannot be used: a chunk must hold at least {1} tokens, and on {2} at most {3:N0} fit (the {4:N0}-token window minus {5:N0} for the prompt, system prompt and schema and {6:N0} reserved for the answer). Nothing was sent.",
                        asked, LineChunker.MinBudget, model.Id, room, window, overhead, cap),
                    string.Format(CultureInfo.InvariantCulture, "Pass -ChunkTokens between {0} and {1}, or leave it out to use the largest chunks that fit.", LineChunker.MinBudget, room));
            }
            return (asked, cap);
        }

        /// <summary>The counting pass over <paramref name="source"/> and the run's worst case.</summary>
        public static ChunkPlan Plan(ChunkSource source, ChunkRequests requests, int? chunkTokens, int? maxOutputTokens, decimal? maxCost,
            Func<bool>? stopRequested = null)
        {
            var model = requests.Model;
            var window = model.ContextWindow!.Value;
            var (budget, cap) = Limits(requests, chunkTokens, maxOutputTokens);
            var tokens = new List<int>();
            long lines = 0;
            using (var reader = source.Open())
            {
                foreach (var chunk in new LineChunker(budget).Split(reader, keepText: false))
                {
                    if (stopRequested?.Invoke() == true) throw new OperationCanceledException();
                    tokens.Add(chunk.Tokens);
                    lines = chunk.LastLine;
                }
            }
            if (tokens.Count == 0)
            {
                throw new VivgridException(VivgridErrorId.InvalidInputFile, VivgridErrorKind.InvalidData,
                    $"'{source.Label}' has no text, so nothing was sent for it.", "Check the input.") { Target = source.Label };
            }
            var map = new List<int>(tokens.Count);
            for (var i = 0; i < tokens.Count; i++) map.Add(requests.MapTokens(i + 1, tokens.Count, tokens[i]));
            var reduce = Forecast(requests, tokens.Count, cap, window);
            var cost = WorstCase(model, map, reduce, cap);
            if (maxCost is decimal budgetUsd)
            {
                if (cost is null) throw UnknownPrice(model);
                if (cost > budgetUsd) (cap, reduce, cost) = Afford(requests, map, tokens.Count, cap, window, budgetUsd);
            }
            return new ChunkPlan(source.Label, model, budget, cap, tokens, map, lines, reduce, cost);
        }

        private static ReduceForecast Forecast(ChunkRequests requests, int parts, int cap, int window) =>
            ReduceForecast.For(requests, parts, cap, window) ?? throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                string.Format(CultureInfo.InvariantCulture,
                    "-Chunk could not combine the answers: with up to {0:N0} output tokens each, two partial answers do not fit one request in the {1:N0}-token window of {2}. Nothing was sent.",
                    cap, window, requests.Model.Id),
                "Lower -MaxOutputTokens (the combining request holds several answers plus its own answer).");

        internal static decimal? WorstCase(ModelInfo model, IReadOnlyList<int> map, ReduceForecast reduce, int cap)
        {
            decimal total = 0;
            foreach (var input in map)
            {
                var cost = ReduceForecast.WorstCost(model, input, cap);
                if (cost is null) return null;
                total += cost.Value;
            }
            var rest = reduce.Cost(model, cap);
            return rest is null ? null : total + rest.Value;
        }

        /// <summary>The largest output cap whose worst case fits <paramref name="maxCost"/> (the worst case grows with the cap).</summary>
        private static (int, ReduceForecast, decimal?) Afford(ChunkRequests requests, List<int> map, int parts, int cap, int window, decimal maxCost)
        {
            var model = requests.Model;
            int lo = Math.Min(MinOutputCap, cap), hi = cap;
            var lowest = Forecast(requests, parts, lo, window);
            var lowestCost = WorstCase(model, map, lowest, lo);
            if (lowestCost > maxCost)
            {
                throw new VivgridException(VivgridErrorId.BudgetExceeded, VivgridErrorKind.LimitsExceeded,
                    string.Format(CultureInfo.InvariantCulture,
                        "Budget exceeded: the -Chunk run of {0:N0} map request(s) ({1:N0} input tokens) plus up to {2:N0} combining request(s) costs up to {3} USD on {4} even with answers capped at {5} tokens, and -MaxCost is {6} USD. Nothing was sent.",
                        map.Count, Sum(map), lowest.Requests.Count, lowestCost?.ToString("0.######", CultureInfo.InvariantCulture), model.Id, lo,
                        maxCost.ToString(CultureInfo.InvariantCulture)),
                    "Raise -MaxCost, send less input (Select-String, Get-Content -Tail), or choose a cheaper model (Get-VivgridModel lists prices).") { Target = model.Id };
            }
            (int, ReduceForecast, decimal?) best = (lo, lowest, lowestCost);
            lo++;
            while (lo <= hi)
            {
                var mid = lo + (hi - lo) / 2;
                var forecast = ReduceForecast.For(requests, parts, mid, window);
                var cost = forecast is null ? null : WorstCase(model, map, forecast, mid);
                if (cost is decimal c && c <= maxCost) { best = (mid, forecast!, c); lo = mid + 1; }
                else hi = mid - 1;
            }
            return best;
        }

        private static long Sum(List<int> values)
        {
            long s = 0;
            foreach (var v in values) s += v;
            return s;
        }

        private static VivgridException UnknownPrice(ModelInfo model) =>
            new VivgridException(VivgridErrorId.BudgetExceeded, VivgridErrorKind.InvalidArgument,
                "-MaxCost cannot be enforced: the catalog has no price for model '" + model.Id + "'. Nothing was sent.",
                "Add the model's prices to a user catalog ($env:VIVGRID_CATALOG), or omit -MaxCost.") { Target = model.Id };
    }
}
