using System.Text.Json.Serialization;

namespace VivgridEmulator;

/// <summary>One function call a scripted reply makes; streamed as argument fragments over several chunks.</summary>
public class ScriptedToolCall
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The JSON arguments text exactly as the model would send it.</summary>
    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }
}
