using System.Text.Json.Serialization;

namespace VivgridEmulator;

/// <summary>A tool the service runs on its own servers; sent as f: and r: frames of the compact stream.</summary>
public sealed class ScriptedServerToolCall
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The arguments JSON text (sent as a JSON string, as the spec shows).</summary>
    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }

    /// <summary>The result text; null sends the call only (no r: frame).</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }
}
