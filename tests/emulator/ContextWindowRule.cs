using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace VivgridEmulator;

/// <summary>
/// The service refuses a request whose prompt tokens plus the requested output tokens exceed the model's context
/// window, with OpenAI's 400 context_length_exceeded. The prompt is counted exactly with o200k_base (Microsoft.ML.Tokenizers'
/// TiktokenTokenizer, independent of the module's counter) and the chat framing OpenAI documents: 3 tokens per message
/// plus its role and text, 3 to prime the reply. Requests far below the window are passed without counting (a token
/// is at least one UTF-8 byte).
/// </summary>
internal static class ContextWindowRule
{
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static ServiceError? Check(JsonElement root, bool isChat, ModelRules rules)
    {
        if (rules.ContextWindow is not int window)
        {
            return null;
        }

        List<(string Role, string Text)> messages = Messages(root, isChat);
        long output = ReadInt(root, isChat ? "max_completion_tokens" : "max_output_tokens") ?? (isChat ? ReadInt(root, "max_tokens") : null) ?? 0;
        long upper = 3;
        foreach ((string role, string text) in messages)
        {
            upper += 3 + Encoding.UTF8.GetByteCount(role) + Encoding.UTF8.GetByteCount(text);
        }

        if (upper + output <= window)
        {
            return null;
        }

        long prompt = CountPrompt(messages);
        if (prompt + output <= window)
        {
            return null;
        }

        string message = output > 0
            ? string.Format(CultureInfo.InvariantCulture,
                "This model's maximum context length is {0} tokens. However, you requested {1} tokens ({2} in the messages, {3} in the completion). Please reduce the length of the messages or completion.",
                window, prompt + output, prompt, output)
            : string.Format(CultureInfo.InvariantCulture,
                "This model's maximum context length is {0} tokens. However, your messages resulted in {1} tokens. Please reduce the length of the messages.",
                window, prompt);
        return new ServiceError(message, isChat ? "messages" : "input", "context_length_exceeded");
    }

    /// <summary>Exact prompt tokens as the service counts them for the chat format.</summary>
    public static long CountPrompt(IEnumerable<(string Role, string Text)> messages)
    {
        long total = 3;
        foreach ((string role, string text) in messages)
        {
            total += 3 + O200k.Value.CountTokens(role) + (text.Length == 0 ? 0 : O200k.Value.CountTokens(text));
        }

        return total;
    }

    private static List<(string, string)> Messages(JsonElement root, bool isChat)
    {
        var list = new List<(string, string)>();
        if (!isChat && root.TryGetProperty("instructions", out JsonElement instructions) && instructions.ValueKind == JsonValueKind.String)
        {
            list.Add(("system", instructions.GetString() ?? string.Empty));
        }

        if (root.TryGetProperty(isChat ? "messages" : "input", out JsonElement items))
        {
            if (items.ValueKind == JsonValueKind.String)
            {
                list.Add(("user", items.GetString() ?? string.Empty));
            }
            else if (items.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in items.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    string role = item.TryGetProperty("role", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() ?? "user" : "user";
                    string text = item.TryGetProperty("content", out JsonElement content) ? MessageContentReader.ReadText(content, out _) : string.Empty;
                    list.Add((role, text));
                }
            }
        }

        return list;
    }

    private static long? ReadInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : null;
}
