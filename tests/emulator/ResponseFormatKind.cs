namespace VivgridEmulator;

/// <summary>The structured-output mode a request asked for.</summary>
internal enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}
