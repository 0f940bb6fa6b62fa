using System.Text.Json.Serialization;

namespace VivgridEmulator;

/// <summary>
/// A tool the service runs on its own servers; sent as f: (the call: id, name, arguments as a JSON string, as the spec
/// shows) and r: frames of the compact stream.
/// </summary>
public sealed class ScriptedServerToolCall : ScriptedToolCall
{
    /// <summary>The result text; null sends the call only (no r: frame).</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }
}
