using System.Text.Json;

namespace VivgridEmulator;

/// <summary>Everything a writer needs to send one generated reply, whether it came from a script or the default rules.</summary>
internal sealed class ReplyPlan
{
    public required string Model { get; init; }

    public required string Content { get; init; }

    public required IReadOnlyList<string> Chunks { get; init; }

    public string? Reasoning { get; init; }

    public IReadOnlyList<string> ReasoningChunks { get; init; } = Array.Empty<string>();

    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; init; } = Array.Empty<ScriptedToolCall>();

    public required string FinishReason { get; init; }

    /// <summary>A scripted usage object, written verbatim instead of the computed numbers.</summary>
    public JsonElement? UsageOverride { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public int ReasoningTokens { get; init; }

    public int ChunkDelayMs { get; init; }

    /// <summary>Silence after the stream starts and before its first delta.</summary>
    public int SilenceMs { get; init; }

    public string? Fault { get; init; }

    public int AfterChunks { get; init; } = 1;
}
