using System.Globalization;
using System.Text.Json;

namespace VivgridEmulator;

/// <summary>
/// Rejects what the real service rejects, per model, before any reply is chosen (the Vivgrid API notes, VIVGRID-API.md section 3):
/// the endpoint a model is served on, parameters the other endpoint has, reasoning efforts, temperature/top_p, stop,
/// max_tokens, input modalities, and strict schemas in response_format and tools. Each rule answers 400 with the
/// service's envelope and wording.
/// </summary>
internal static class RequestRules
{
    private static readonly string[] ChatOnly = ["messages", "stop", "seed", "max_tokens", "max_completion_tokens", "reasoning_effort", "response_format"];
    private static readonly string[] ResponsesOnly = ["input", "instructions", "max_output_tokens"];

    public static ServiceError? Check(JsonElement root, bool isChat)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null; // the parser answers that one
        }

        string model = ParsedRequest.ResolveModel(Read(root, "model"));
        if (model == "managed")
        {
            model = ServedModels.ManagedDefault; // the rules are the real model's, whatever the answer calls it
        }

        ModelRules rules = ServedModels.RulesFor(model);
        return (isChat ? CheckChatEndpoint(root, rules) : CheckResponsesEndpoint(root))
            ?? CheckEffort(root, isChat, model, rules, out string? effort)
            ?? CheckSampling(root, "temperature", rules, effort)
            ?? CheckSampling(root, "top_p", rules, effort)
            ?? (isChat ? CheckChatOnlyParameters(root, rules) : null)
            ?? CheckModalities(root, isChat, rules)
            ?? CheckResponseFormat(root, isChat)
            ?? CheckTools(root, isChat)
            ?? ContextWindowRule.Check(root, isChat, rules);
    }

    private static ServiceError? CheckChatEndpoint(JsonElement root, ModelRules rules)
    {
        if (rules.ResponsesOnly)
        {
            return new ServiceError("This model is only supported in v1/responses and not in v1/chat/completions.", "model", null);
        }

        string? stray = ResponsesOnly.FirstOrDefault(name => root.TryGetProperty(name, out _));
        return stray is null ? null : new ServiceError("Unrecognized request argument supplied: " + stray, null, null);
    }

    private static ServiceError? CheckResponsesEndpoint(JsonElement root)
    {
        string? stray = ChatOnly.FirstOrDefault(name => root.TryGetProperty(name, out _));
        return stray is null ? null : new ServiceError($"Unknown parameter: '{stray}'.", stray, "unknown_parameter");
    }

    private static ServiceError? CheckEffort(JsonElement root, bool isChat, string model, ModelRules rules, out string? effective)
    {
        string? sent = isChat
            ? Read(root, "reasoning_effort")
            : root.TryGetProperty("reasoning", out JsonElement reasoning) && reasoning.ValueKind == JsonValueKind.Object ? Read(reasoning, "effort") : null;
        effective = sent ?? rules.DefaultEffort;
        if (sent is null || rules.Efforts is null || rules.Efforts.Contains(sent))
        {
            return null;
        }

        return ServiceError.UnsupportedValue(isChat ? "reasoning_effort" : "reasoning.effort",
            $"Unsupported value: '{sent}' is not supported with the '{model}' model. Supported values are: {QuotedList(rules.Efforts)}.");
    }

    /// <summary>The default (1) always passes; another value only at the efforts the model allows it with.</summary>
    private static ServiceError? CheckSampling(JsonElement root, string name, ModelRules rules, string? effort)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Number || rules.SamplingEfforts is null)
        {
            return null;
        }

        if (value.GetDouble() == 1.0 || (effort is not null && rules.SamplingEfforts.Contains(effort)))
        {
            return null;
        }

        return ServiceError.UnsupportedValue(name,
            $"Unsupported value: '{name}' does not support {value.GetRawText()} with this model. Only the default (1) value is supported.");
    }

    private static ServiceError? CheckChatOnlyParameters(JsonElement root, ModelRules rules)
    {
        if (!rules.AcceptsStop && root.TryGetProperty("stop", out JsonElement stop) && stop.ValueKind != JsonValueKind.Null)
        {
            return ServiceError.UnsupportedParameter("stop", "Unsupported parameter: 'stop' is not supported with this model.");
        }

        if (rules.RejectsMaxTokens && root.TryGetProperty("max_tokens", out _))
        {
            return ServiceError.UnsupportedParameter("max_tokens",
                "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
        }

        return null;
    }

    /// <summary>Each content part must be of a kind the model reads (image_url/input_image: image; file/input_file: pdf).</summary>
    private static ServiceError? CheckModalities(JsonElement root, bool isChat, ModelRules rules)
    {
        string listName = isChat ? "messages" : "input";
        if (!root.TryGetProperty(listName, out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        int m = 0;
        foreach (JsonElement message in list.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.Array)
            {
                int p = 0;
                foreach (JsonElement part in content.EnumerateArray())
                {
                    string? type = part.ValueKind == JsonValueKind.Object ? Read(part, "type") : null;
                    string? modality = type switch
                    {
                        "image_url" or "input_image" => "image",
                        "file" or "input_file" => "pdf",
                        "input_audio" => "audio",
                        _ => null,
                    };
                    if (modality is not null && !rules.Modalities.Contains(modality))
                    {
                        string param = isChat ? $"messages.[{m}].content.[{p}].type" : $"input[{m}].content[{p}].type";
                        return new ServiceError($"Invalid content type. {type} is only supported by certain models.", param, null);
                    }

                    p++;
                }
            }

            m++;
        }

        return null;
    }

    private static ServiceError? CheckResponseFormat(JsonElement root, bool isChat)
    {
        JsonElement holder;
        if (isChat)
        {
            if (!root.TryGetProperty("response_format", out JsonElement format) || format.ValueKind != JsonValueKind.Object
                || Read(format, "type") != "json_schema" || !format.TryGetProperty("json_schema", out holder) || holder.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
        }
        else if (!(root.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.Object
            && text.TryGetProperty("format", out holder) && holder.ValueKind == JsonValueKind.Object && Read(holder, "type") == "json_schema"))
        {
            return null;
        }

        if (!IsTrue(holder, "strict") || !holder.TryGetProperty("schema", out JsonElement schema))
        {
            return null;
        }

        string? problem = StrictSchema.FindViolation(schema);
        return problem is null
            ? null
            : new ServiceError($"Invalid schema for response_format '{Read(holder, "name")}': {problem}", isChat ? "response_format" : "text.format.schema", null);
    }

    /// <summary>A tool marked strict must have a strict schema (a Responses tool without "strict" is normalized instead).</summary>
    private static ServiceError? CheckTools(JsonElement root, bool isChat)
    {
        if (!root.TryGetProperty("tools", out JsonElement tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        int i = 0;
        foreach (JsonElement tool in tools.EnumerateArray())
        {
            JsonElement function = isChat && tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("function", out JsonElement f) ? f : tool;
            if (function.ValueKind == JsonValueKind.Object && IsTrue(function, "strict") && function.TryGetProperty("parameters", out JsonElement parameters))
            {
                string? problem = StrictSchema.FindViolation(parameters);
                if (problem is not null)
                {
                    return new ServiceError($"Invalid schema for function '{Read(function, "name")}': {problem}",
                        isChat ? $"tools[{i}].function.parameters" : $"tools[{i}].parameters", "invalid_function_parameters");
                }
            }

            i++;
        }

        return null;
    }

    /// <summary>'a', 'b', and 'c' — the service's list wording.</summary>
    private static string QuotedList(string[] items)
    {
        string[] quoted = items.Select(i => "'" + i + "'").ToArray();
        return quoted.Length switch
        {
            0 => string.Empty,
            1 => quoted[0],
            2 => quoted[0] + " and " + quoted[1],
            _ => string.Join(", ", quoted.Take(quoted.Length - 1)) + ", and " + quoted[^1],
        };
    }

    private static bool IsTrue(JsonElement obj, string name) => obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.True;

    private static string? Read(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
