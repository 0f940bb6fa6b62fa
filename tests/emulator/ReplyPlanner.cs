using System.Text;
using System.Text.Json;

namespace VivgridEmulator;

/// <summary>Decides the reply text: the deterministic default rules, or a scripted reply's fields.</summary>
internal static class ReplyPlanner
{
    private const int EchoLength = 200;
    private const int MaxBullets = 5;

    public static ReplyPlan FromDefault(ParsedRequest request)
    {
        string content = DefaultContent(request);
        string finish = "stop";

        // Structured output is always complete JSON; only free text is cut at the token limit.
        if (request.Format == ResponseFormatKind.Text && request.MaxOutputTokens is int max && max < TokenEstimator.CountText(content))
        {
            content = TokenEstimator.TruncateToTokens(content, max);
            finish = "length";
        }

        return new ReplyPlan
        {
            Model = request.Model,
            Content = content,
            Chunks = TextChunker.SplitWords(content),
            FinishReason = finish,
            PromptTokens = request.PromptTokens,
            CompletionTokens = TokenEstimator.CountText(content),
        };
    }

    public static ReplyPlan FromScript(ScriptedReply script, ParsedRequest request)
    {
        IReadOnlyList<string> chunks = script.Chunks ?? TextChunker.SplitWords(script.Content ?? string.Empty);
        string content = script.Chunks is not null ? string.Concat(script.Chunks) : script.Content ?? string.Empty;
        ScriptedToolCall[] calls = NormalizeToolCalls(script.ToolCalls, request);
        string? reasoning = script.ReasoningContent;
        int reasoningTokens = TokenEstimator.CountText(reasoning);
        int toolTokens = calls.Sum(c => TokenEstimator.CountText(c.Name) + TokenEstimator.CountText(c.Arguments));
        return new ReplyPlan
        {
            Model = script.Model ?? request.Model,
            Content = content,
            Chunks = chunks,
            Reasoning = reasoning,
            ReasoningChunks = reasoning is null ? Array.Empty<string>() : TextChunker.SplitWords(reasoning),
            ToolCalls = calls,
            FinishReason = script.FinishReason ?? (calls.Length > 0 ? "tool_calls" : "stop"),
            UsageOverride = script.Usage,
            PromptTokens = request.PromptTokens,
            CompletionTokens = TokenEstimator.CountText(content) + reasoningTokens + toolTokens,
            ReasoningTokens = reasoningTokens,
            ChunkDelayMs = Math.Max(0, script.ChunkDelayMs ?? 0),
            SilenceMs = Math.Max(0, script.SilenceMs ?? 0),
            Fault = script.Fault,
            AfterChunks = Math.Max(0, script.AfterChunks ?? 1),
        };
    }

    private static string DefaultContent(ParsedRequest request)
    {
        string last = request.LastUserText;
        switch (request.Format)
        {
            case ResponseFormatKind.JsonSchema:
                return JsonSchemaSampler.Sample(request.Schema);
            case ResponseFormatKind.JsonObject:
                return Encoding.UTF8.GetString(JsonOutput.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("echo", Prefix(last, EchoLength));
                    w.WriteEndObject();
                }));
            default:
                return AsksToSummarize(last) ? Summarize(request.UserTexts) : "Echo: " + Prefix(last, EchoLength);
        }
    }

    private static bool AsksToSummarize(string text) =>
        text.IndexOf("summarize", StringComparison.OrdinalIgnoreCase) >= 0
        || text.IndexOf("summarise", StringComparison.OrdinalIgnoreCase) >= 0
        || text.IndexOf("summary", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>
    /// Bullets from the first non-empty lines of the material: every user message's lines, minus the one line of the
    /// last message that carries the request itself (the material may sit in the same message or in earlier ones).
    /// </summary>
    private static string Summarize(IReadOnlyList<string> userTexts)
    {
        var material = new List<string>();
        bool requestLineSkipped = false;
        for (int m = 0; m < userTexts.Count; m++)
        {
            bool isLast = m == userTexts.Count - 1;
            foreach (string raw in userTexts[m].Split('\n'))
            {
                string line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (isLast && !requestLineSkipped && AsksToSummarize(line))
                {
                    requestLineSkipped = true;
                    continue;
                }

                material.Add(line);
            }
        }

        if (material.Count == 0)
        {
            return "- (nothing to summarize)";
        }

        return string.Join("\n", material.Take(MaxBullets).Select(line => "- " + Prefix(line, 120)));
    }

    private static string Prefix(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        // Never cut a surrogate pair in half: the tail would be invalid UTF-16.
        int cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text.Substring(0, cut);
    }

    private static ScriptedToolCall[] NormalizeToolCalls(ScriptedToolCall[]? calls, ParsedRequest request)
    {
        if (calls is null)
        {
            return Array.Empty<ScriptedToolCall>();
        }

        return calls.Select((c, i) => new ScriptedToolCall
        {
            Id = c.Id ?? "call_emu_" + i,
            Name = c.Name ?? "tool",
            Arguments = c.Name is not null && request.StrictTools.TryGetValue(c.Name, out JsonElement schema)
                ? StrictArguments.Fill(c.Arguments ?? "{}", schema)
                : c.Arguments ?? "{}",
        }).ToArray();
    }
}
