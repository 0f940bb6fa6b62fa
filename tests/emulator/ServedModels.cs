namespace VivgridEmulator;

/// <summary>The models of the bundled catalog (SPEC §4), served by GET /v1/models, with the request rules of each.</summary>
internal static class ServedModels
{
    // A fixed creation time keeps the list byte-identical across runs.
    public const long Created = 1767225600; // 2026-01-01T00:00:00Z

    /// <summary>The model Vivgrid's console routes <c>managed</c> to by default; its rules apply to a managed request.</summary>
    public const string ManagedDefault = "gpt-5.4-mini";

    private static readonly string[] NoneToXHigh = ["none", "low", "medium", "high", "xhigh"];

    /// <summary>gpt-5.1 and later: effort none is the default, and temperature/top_p work only with it.</summary>
    private static readonly ModelRules Gpt54 = new()
    {
        Efforts = NoneToXHigh, DefaultEffort = "none", SamplingEfforts = ["none"], AcceptsStop = false, RejectsMaxTokens = true,
    };

    /// <summary>gpt-5 and gpt-5-mini: minimal..high, default medium, only the default temperature.</summary>
    private static readonly ModelRules Gpt5 = new()
    {
        Efforts = ["minimal", "low", "medium", "high"], DefaultEffort = "medium", SamplingEfforts = [], AcceptsStop = false,
        RejectsMaxTokens = true, Modalities = ["text", "image"],
    };

    private static ModelRules Codex(params string[] efforts) => new()
    {
        Efforts = efforts, DefaultEffort = "medium", SamplingEfforts = [], AcceptsStop = false, RejectsMaxTokens = true,
        ResponsesOnly = true, Modalities = ["text", "image"],
    };

    public static readonly (string Id, string Owner, ModelRules Rules)[] Models =
    [
        ("gpt-5.4", "openai", Gpt54),
        ("gpt-5.4-mini", "openai", Gpt54),
        ("gpt-5.4-nano", "openai", Gpt54),
        ("gpt-5-mini", "openai", Gpt5),
        ("gpt-5", "openai", Gpt5),
        ("gpt-5.1", "openai", Gpt54 with { Efforts = ["none", "low", "medium", "high"], Modalities = ["text", "image"] }),
        ("gpt-5.2", "openai", Gpt54 with { Modalities = ["text", "image"] }),
        ("gpt-5.1-codex", "openai", Codex("low", "medium", "high")),
        ("gpt-5.1-codex-max", "openai", Codex("low", "medium", "high", "xhigh")),
        ("gpt-5.2-codex", "openai", Codex("low", "medium", "high", "xhigh")),
        ("gemini-3.1-pro-preview", "google", new ModelRules { Modalities = ["text", "image", "video", "audio", "pdf"] }),
        ("gemini-3.1-flash-lite-preview", "google", new ModelRules { Modalities = ["text", "image", "video", "audio", "pdf"] }),
        ("deepseek-v3.2", "deepseek", new ModelRules { Modalities = ["text"] }),
    ];

    /// <summary>The rules of a catalogued id (case-insensitive, a -YYYY-MM-DD snapshot counts as its family), else the family's.</summary>
    public static ModelRules RulesFor(string id)
    {
        string family = System.Text.RegularExpressions.Regex.Replace(id, @"-\d{4}-\d{2}-\d{2}$", string.Empty);
        foreach ((string known, _, ModelRules rules) in Models)
        {
            if (string.Equals(known, family, StringComparison.OrdinalIgnoreCase))
            {
                return rules;
            }
        }

        return ModelRules.ForUnknown(id);
    }

    public static byte[] BuildList() => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach ((string id, string owner, _) in Models)
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
