using System.Text.Json;

namespace VivgridPS.Tests.Hostile;

/// <summary>Well-formed pieces of a Chat Completions stream, for hostile scripts to start from.</summary>
internal static class Wire
{
    public static string Chunk(string content) =>
        "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JsonSerializer.Serialize(content) + "}}]}\n\n";

    public static string Finish(string usage = "{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}") =>
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[],\"usage\":" + usage + "}\n\n";

    public const string Done = "data: [DONE]\n\n";

    public static string Stream(params string[] contents) => string.Concat(System.Array.ConvertAll(contents, Chunk)) + Finish() + Done;

    public const string Body =
        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";
}
