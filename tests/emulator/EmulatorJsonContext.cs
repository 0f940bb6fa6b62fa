using System.Text.Json.Serialization;

namespace VivgridEmulator;

/// <summary>Source-generated serializer for the control endpoint's script payloads (no reflection at run time).</summary>
[JsonSerializable(typeof(ScriptedReply[]))]
[JsonSerializable(typeof(ScriptedReply))]
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
}
