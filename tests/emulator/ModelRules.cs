namespace VivgridEmulator;

/// <summary>
/// What one model behind the service accepts, as OpenAI and the other backends validate it (the Vivgrid API notes, VIVGRID-API.md
/// section 3). Null means the service does not check that field for the model.
/// </summary>
internal sealed record ModelRules
{
    /// <summary>Accepted reasoning efforts; null = any value passes.</summary>
    public string[]? Efforts { get; init; }

    /// <summary>The effort used when the request names none.</summary>
    public string? DefaultEffort { get; init; }

    /// <summary>Efforts with which temperature/top_p other than 1 are accepted; empty = never; null = always.</summary>
    public string[]? SamplingEfforts { get; init; }

    public bool AcceptsStop { get; init; } = true;

    /// <summary>Reasoning models reject max_tokens and want max_completion_tokens.</summary>
    public bool RejectsMaxTokens { get; init; }

    /// <summary>Codex models: /responses only.</summary>
    public bool ResponsesOnly { get; init; }

    public string[] Modalities { get; init; } = ["text", "image", "pdf"];

    /// <summary>Prompt tokens plus the requested output tokens may not exceed this; null = not checked (unknown model).</summary>
    public int? ContextWindow { get; init; }

    /// <summary>An id the emulator does not know: only what its family says (a codex id is Responses-only).</summary>
    public static ModelRules ForUnknown(string id) =>
        new() { ResponsesOnly = id.Contains("codex", StringComparison.OrdinalIgnoreCase) };
}
