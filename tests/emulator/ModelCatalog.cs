namespace VivgridEmulator;

/// <summary>The model ids of the bundled catalog (SPEC §4), served by GET /v1/models.</summary>
internal static class ModelCatalog
{
    // A fixed creation time keeps the list byte-identical across runs.
    public const long Created = 1767225600; // 2026-01-01T00:00:00Z

    public static readonly (string Id, string Owner)[] Models =
    [
        ("gpt-5.4", "openai"),
        ("gpt-5.4-mini", "openai"),
        ("gpt-5.4-nano", "openai"),
        ("gpt-5-mini", "openai"),
        ("gpt-5", "openai"),
        ("gpt-5.1", "openai"),
        ("gpt-5.2", "openai"),
        ("gpt-5.1-codex", "openai"),
        ("gpt-5.1-codex-max", "openai"),
        ("gpt-5.2-codex", "openai"),
        ("gemini-3.1-pro-preview", "google"),
        ("gemini-3.1-flash-lite-preview", "google"),
        ("deepseek-v3.2", "deepseek"),
    ];

    public static byte[] BuildList() => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach ((string id, string owner) in Models)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "model");
            w.WriteNumber("created", Created);
            w.WriteString("owned_by", owner);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
