using System.Text.Json;
using System.Text.Json.Serialization;

namespace VivgridEmulator;

/// <summary>
/// What the next /v1 request gets instead of the default reply. Every field is optional; the JSON names below are the
/// contract used by POST /_emulator/script and by the module's Pester tests.
/// </summary>
public sealed class ScriptedReply
{
    [JsonPropertyName("content")] public string? Content { get; set; }

    /// <summary>Exact content deltas; when set they win over <see cref="Content"/> for both streaming and the joined text.</summary>
    [JsonPropertyName("chunks")] public string[]? Chunks { get; set; }

    [JsonPropertyName("reasoningContent")] public string? ReasoningContent { get; set; }

    [JsonPropertyName("model")] public string? Model { get; set; }

    [JsonPropertyName("finishReason")] public string? FinishReason { get; set; }

    /// <summary>Copied verbatim as the reply's usage object.</summary>
    [JsonPropertyName("usage")] public JsonElement? Usage { get; set; }

    [JsonPropertyName("toolCalls")] public ScriptedToolCall[]? ToolCalls { get; set; }

    /// <summary>HTTP status; with <see cref="Body"/> the body is sent as-is instead of a generated reply.</summary>
    [JsonPropertyName("status")] public int? Status { get; set; }

    [JsonPropertyName("body")] public string? Body { get; set; }

    [JsonPropertyName("contentType")] public string? ContentType { get; set; }

    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }

    [JsonPropertyName("firstByteDelayMs")] public int? FirstByteDelayMs { get; set; }

    [JsonPropertyName("chunkDelayMs")] public int? ChunkDelayMs { get; set; }

    /// <summary>
    /// A streamed reply sends its headers (and for /responses response.created and response.in_progress), then nothing
    /// for this long before the first delta, as a high-effort reasoning model does while it thinks.
    /// </summary>
    [JsonPropertyName("silenceMs")] public int? SilenceMs { get; set; }

    /// <summary><c>disconnect</c>, <c>stall</c> or <c>reset</c>.</summary>
    [JsonPropertyName("fault")] public string? Fault { get; set; }

    [JsonPropertyName("afterChunks")] public int? AfterChunks { get; set; }

    /// <summary>A file name in the real-data folder sent byte for byte.</summary>
    [JsonPropertyName("replay")] public string? Replay { get; set; }

    [JsonPropertyName("replayChunkBytes")] public int? ReplayChunkBytes { get; set; }

    /// <summary>How many requests this reply serves before the next one in the queue takes over (default 1).</summary>
    [JsonPropertyName("repeat")] public int? Repeat { get; set; }
}
