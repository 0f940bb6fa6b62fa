using System.Text.Json;

namespace VivgridEmulator;

/// <summary>The facts of a chat or responses request that decide the default reply and its usage.</summary>
internal sealed class ParsedRequest
{
    public required string Model { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    public int? MaxOutputTokens { get; init; }

    public ResponseFormatKind Format { get; init; }

    /// <summary>The json_schema schema (cloned, so it outlives the request's document).</summary>
    public JsonElement Schema { get; init; }

    public required IReadOnlyList<string> UserTexts { get; init; }

    public int PromptTokens { get; init; }

    /// <summary>Tools the model answers in strict mode, by name, with their parameter schema (cloned).</summary>
    public IReadOnlyDictionary<string, JsonElement> StrictTools { get; init; } = new Dictionary<string, JsonElement>();

    public string LastUserText => UserTexts.Count == 0 ? string.Empty : UserTexts[UserTexts.Count - 1];

    /// <summary>
    /// No model means the service default, <c>managed</c>, and the answer says only that: Vivgrid's sample responses
    /// echo <c>"model": "managed"</c>, so a client cannot price the call from the response (VIVGRID-API.md §1).
    /// </summary>
    public static string ResolveModel(string? requested) =>
        string.IsNullOrEmpty(requested) ? "managed" : requested!;
}
