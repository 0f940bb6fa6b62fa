using System.Text.Json;

namespace VivgridEmulator;

/// <summary>Turns a /chat/completions or /responses body into <see cref="ParsedRequest"/>; throws JsonException on bad input.</summary>
internal static class RequestParser
{
    public static ParsedRequest ParseChat(JsonElement root)
    {
        RequireObject(root);
        var users = new List<string>();
        int prompt = TokenEstimator.ReplyPriming;
        if (root.TryGetProperty("messages", out JsonElement messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement message in messages.EnumerateArray())
            {
                prompt += CountMessage(message, users);
            }
        }

        (ResponseFormatKind format, JsonElement schema) = ReadFormat(root, "response_format", nestedSchema: true);
        return new ParsedRequest
        {
            Model = ParsedRequest.ResolveModel(ReadString(root, "model")),
            Stream = ReadBool(root, "stream"),
            IncludeUsage = root.TryGetProperty("stream_options", out JsonElement so) && so.ValueKind == JsonValueKind.Object && ReadBool(so, "include_usage"),
            MaxOutputTokens = ReadInt(root, "max_completion_tokens") ?? ReadInt(root, "max_tokens"),
            Format = format,
            Schema = schema,
            UserTexts = users,
            PromptTokens = prompt,
            StrictTools = ReadStrictTools(root, isChat: true),
        };
    }

    public static ParsedRequest ParseResponses(JsonElement root)
    {
        RequireObject(root);
        var users = new List<string>();
        int prompt = TokenEstimator.ReplyPriming;
        string? instructions = ReadString(root, "instructions");
        if (instructions is not null)
        {
            prompt += TokenEstimator.CountText(instructions) + TokenEstimator.PerMessage;
        }

        if (root.TryGetProperty("input", out JsonElement input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                string text = input.GetString() ?? string.Empty;
                users.Add(text);
                prompt += TokenEstimator.CountText(text) + TokenEstimator.PerMessage;
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in input.EnumerateArray())
                {
                    prompt += CountMessage(item, users);
                }
            }
        }

        JsonElement text2 = root.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.Object ? t : default;
        (ResponseFormatKind format, JsonElement schema) = text2.ValueKind == JsonValueKind.Object
            ? ReadFormat(text2, "format", nestedSchema: false)
            : (ResponseFormatKind.Text, default);
        return new ParsedRequest
        {
            Model = ParsedRequest.ResolveModel(ReadString(root, "model")),
            Stream = ReadBool(root, "stream"),
            IncludeUsage = true,
            MaxOutputTokens = ReadInt(root, "max_output_tokens"),
            Format = format,
            Schema = schema,
            UserTexts = users,
            PromptTokens = prompt,
            StrictTools = ReadStrictTools(root, isChat: false),
        };
    }

    /// <summary>
    /// Chat Completions tools are strict only with "strict": true. A Responses tool is strict with true, and also
    /// without "strict" when its schema can be made strict: the Responses API then normalizes it (every property
    /// required); only "strict": false opts out.
    /// </summary>
    private static Dictionary<string, JsonElement> ReadStrictTools(JsonElement root, bool isChat)
    {
        var strict = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!root.TryGetProperty("tools", out JsonElement tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return strict;
        }

        foreach (JsonElement tool in tools.EnumerateArray())
        {
            JsonElement function = isChat && tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("function", out JsonElement f) ? f : tool;
            if (function.ValueKind != JsonValueKind.Object || ReadString(function, "name") is not string name
                || !function.TryGetProperty("parameters", out JsonElement parameters))
            {
                continue;
            }

            bool hasStrict = function.TryGetProperty("strict", out JsonElement flag);
            bool isStrict = hasStrict ? flag.ValueKind == JsonValueKind.True : !isChat && StrictSchema.CanNormalize(parameters);
            if (isStrict)
            {
                strict[name] = parameters.Clone();
            }
        }

        return strict;
    }

    /// <summary>Tokens of one message or input item; user text is collected for the reply.</summary>
    private static int CountMessage(JsonElement message, List<string> users)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return TokenEstimator.PerMessage;
        }

        int tokens = TokenEstimator.PerMessage;
        int nonText = 0;
        string text = message.TryGetProperty("content", out JsonElement content)
            ? MessageContentReader.ReadText(content, out nonText)
            : string.Empty;
        tokens += TokenEstimator.CountText(text) + nonText * TokenEstimator.NonTextPart;

        // Tool traffic counts too: assistant tool calls (chat), function_call / function_call_output items (responses).
        tokens += TokenEstimator.CountText(ReadString(message, "arguments")) + TokenEstimator.CountText(ReadString(message, "output"));
        if (message.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement call in calls.EnumerateArray())
            {
                if (call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out JsonElement fn) && fn.ValueKind == JsonValueKind.Object)
                {
                    tokens += TokenEstimator.CountText(ReadString(fn, "name")) + TokenEstimator.CountText(ReadString(fn, "arguments"));
                }
            }
        }

        if (ReadString(message, "role") == "user")
        {
            users.Add(text);
        }

        return tokens;
    }

    private static (ResponseFormatKind, JsonElement) ReadFormat(JsonElement parent, string name, bool nestedSchema)
    {
        if (!parent.TryGetProperty(name, out JsonElement format) || format.ValueKind != JsonValueKind.Object)
        {
            return (ResponseFormatKind.Text, default);
        }

        switch (ReadString(format, "type"))
        {
            case "json_object":
                return (ResponseFormatKind.JsonObject, default);
            case "json_schema":
                // Chat nests it as response_format.json_schema.schema; Responses flattens it to text.format.schema.
                JsonElement holder = nestedSchema && format.TryGetProperty("json_schema", out JsonElement js) ? js : format;
                JsonElement schema = holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("schema", out JsonElement s) ? s.Clone() : default;
                return (ResponseFormatKind.JsonSchema, schema);
            default:
                return (ResponseFormatKind.Text, default);
        }
    }

    private static void RequireObject(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The request body must be a JSON object.");
        }
    }

    private static string? ReadString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool ReadBool(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.True;

    private static int? ReadInt(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : null;
}
