using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using VivgridEmulator;
using Xunit;

namespace VivgridPS.Tests.Emulator;

/// <summary>
/// The emulator rejects what the service rejects (the Vivgrid API notes, VIVGRID-API.md section 3), per model, with the service's
/// envelope: 400, type invalid_request_error, param, code and wording. One test (or theory row) per rule.
/// </summary>
public sealed class RequestRulesTests : IClassFixture<EmulatorFixture>
{
    private const string User = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private const string Input = "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]";

    private readonly EmulatorFixture _fixture;

    public RequestRulesTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.State.Reset();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using HttpClient client = _fixture.CreateClient();
        using HttpResponseMessage response = await client.PostAsync(path, EmulatorFixture.Json(json));
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> ChatAsync(string model, string extra) =>
        PostAsync("chat/completions", "{\"model\":\"" + model + "\"," + User + extra + "}");

    private Task<(HttpStatusCode Status, JsonElement Body)> ResponsesAsync(string model, string extra) =>
        PostAsync("responses", "{\"model\":\"" + model + "\"," + Input + extra + "}");

    private static void Rejected((HttpStatusCode Status, JsonElement Body) reply, string? param, string? code, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        JsonElement error = reply.Body.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    private static void Accepted((HttpStatusCode Status, JsonElement Body) reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.GetRawText());
    }

    [Theory]
    [InlineData("gpt-5", ",\"temperature\":0.5", "temperature", "0.5")]
    [InlineData("gpt-5-mini", ",\"top_p\":0.9", "top_p", "0.9")]
    [InlineData("gpt-5.4-mini", ",\"temperature\":0.5,\"reasoning_effort\":\"high\"", "temperature", "0.5")]
    [InlineData("managed", ",\"temperature\":0,\"reasoning_effort\":\"low\"", "temperature", "0")]
    public async Task Temperature_and_top_p_other_than_1_are_refused_where_only_the_default_is_supported(string model, string extra, string param, string value)
    {
        Rejected(await ChatAsync(model, extra), param, "unsupported_value",
            $"Unsupported value: '{param}' does not support {value} with this model. Only the default (1) value is supported.");
    }

    [Theory]
    [InlineData("gpt-5", ",\"temperature\":1")]
    [InlineData("gpt-5.4-mini", ",\"temperature\":0.5,\"reasoning_effort\":\"none\"")]
    [InlineData("gpt-5.4-mini", ",\"temperature\":0.5,\"top_p\":0.5")]
    [InlineData("deepseek-v3.2", ",\"temperature\":0.2,\"top_p\":0.5,\"stop\":[\"END\"]")]
    [InlineData("my-local-model", ",\"temperature\":0.2,\"stop\":[\"END\"],\"reasoning_effort\":\"xhigh\"")]
    public async Task What_the_model_accepts_passes(string model, string extra)
    {
        Accepted(await ChatAsync(model, extra));
    }

    [Fact]
    public async Task Temperature_on_a_responses_model_is_refused_the_same_way()
    {
        Rejected(await ResponsesAsync("gpt-5.1-codex", ",\"temperature\":0.3"), "temperature", "unsupported_value",
            "Unsupported value: 'temperature' does not support 0.3 with this model. Only the default (1) value is supported.");
    }

    [Fact]
    public async Task Minimal_effort_on_gpt_5_1_is_refused_with_the_services_wording()
    {
        Rejected(await ChatAsync("gpt-5.1", ",\"reasoning_effort\":\"minimal\""), "reasoning_effort", "unsupported_value",
            "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'.");
    }

    [Theory]
    [InlineData("gpt-5", "none", "'minimal', 'low', 'medium', and 'high'")]
    [InlineData("gpt-5-mini", "xhigh", "'minimal', 'low', 'medium', and 'high'")]
    public async Task Efforts_before_gpt_5_1_exclude_none_and_xhigh(string model, string effort, string supported)
    {
        Rejected(await ChatAsync(model, ",\"reasoning_effort\":\"" + effort + "\""), "reasoning_effort", "unsupported_value",
            $"Unsupported value: '{effort}' is not supported with the '{model}' model. Supported values are: {supported}.");
    }

    [Fact]
    public async Task A_responses_effort_is_checked_as_reasoning_effort()
    {
        Rejected(await ResponsesAsync("gpt-5.1-codex", ",\"reasoning\":{\"effort\":\"xhigh\"}"), "reasoning.effort", "unsupported_value",
            "Unsupported value: 'xhigh' is not supported with the 'gpt-5.1-codex' model. Supported values are: 'low', 'medium', and 'high'.");
        Accepted(await ResponsesAsync("gpt-5.1-codex-max", ",\"reasoning\":{\"effort\":\"xhigh\"}"));
    }

    [Fact]
    public async Task Stop_is_an_unsupported_parameter_on_gpt_5_models()
    {
        Rejected(await ChatAsync("gpt-5.4-mini", ",\"stop\":[\"END\"]"), "stop", "unsupported_parameter",
            "Unsupported parameter: 'stop' is not supported with this model.");
    }

    [Fact]
    public async Task Max_tokens_is_refused_on_reasoning_models()
    {
        Rejected(await ChatAsync("gpt-5", ",\"max_tokens\":100"), "max_tokens", "unsupported_parameter",
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
        Accepted(await ChatAsync("gpt-5", ",\"max_completion_tokens\":100"));
    }

    [Theory]
    [InlineData("gpt-5.1-codex")]
    [InlineData("gpt-5.3-codex")] // uncatalogued: its family decides
    public async Task Codex_models_are_served_by_the_responses_api_only(string model)
    {
        Rejected(await ChatAsync(model, string.Empty), "model", null,
            "This model is only supported in v1/responses and not in v1/chat/completions.");
        Accepted(await ResponsesAsync(model, string.Empty));
    }

    [Theory]
    [InlineData("stop", ",\"stop\":[\"END\"]")]
    [InlineData("seed", ",\"seed\":42")]
    [InlineData("max_completion_tokens", ",\"max_completion_tokens\":10")]
    public async Task The_responses_api_has_no_chat_only_parameters(string name, string extra)
    {
        Rejected(await ResponsesAsync("gpt-5.1-codex", extra), name, "unknown_parameter", $"Unknown parameter: '{name}'.");
    }

    [Fact]
    public async Task Chat_completions_has_no_responses_parameters()
    {
        Rejected(await ChatAsync("gpt-5.4-mini", ",\"max_output_tokens\":10"), null, null, "Unrecognized request argument supplied: max_output_tokens");
    }

    [Fact]
    public async Task An_image_to_a_text_only_model_is_refused()
    {
        string body = "{\"model\":\"deepseek-v3.2\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is this\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}";
        Rejected(await PostAsync("chat/completions", body), "messages.[0].content.[1].type", null,
            "Invalid content type. image_url is only supported by certain models.");
        Accepted(await PostAsync("chat/completions", body.Replace("deepseek-v3.2", "gpt-5.4-mini")));
    }

    [Fact]
    public async Task A_pdf_to_a_model_without_pdf_input_is_refused_on_both_endpoints()
    {
        string file = "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\"}}";
        Rejected(await PostAsync("chat/completions", "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":[" + file + "]}]}"),
            "messages.[0].content.[0].type", null, "Invalid content type. file is only supported by certain models.");
        string inputFile = "{\"type\":\"input_file\",\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\"}";
        Rejected(await PostAsync("responses", "{\"model\":\"gpt-5.1-codex\",\"input\":[{\"role\":\"user\",\"content\":[" + inputFile + "]}]}"),
            "input[0].content[0].type", null, "Invalid content type. input_file is only supported by certain models.");
    }

    [Theory]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}",
        "In context=(), 'additionalProperties' is required to be supplied and to be false.")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\"],\"additionalProperties\":false}",
        "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'.")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\",\"x\"],\"additionalProperties\":false}",
        "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Extra required key 'x' supplied.")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\"}},\"additionalProperties\":false}}},\"required\":[\"items\"],\"additionalProperties\":false}",
        "In context=('properties', 'items', 'items'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'n'.")]
    public async Task A_strict_response_format_needs_a_strict_schema(string schema, string problem)
    {
        string format = ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"result\",\"strict\":true,\"schema\":" + schema + "}}";
        Rejected(await ChatAsync("gpt-5.4-mini", format), "response_format", null, "Invalid schema for response_format 'result': " + problem);
        string text = ",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"result\",\"strict\":true,\"schema\":" + schema + "}}";
        Rejected(await ResponsesAsync("gpt-5.1-codex", text), "text.format.schema", null, "Invalid schema for response_format 'result': " + problem);
        Accepted(await ChatAsync("gpt-5.4-mini", format.Replace("\"strict\":true", "\"strict\":false")));
    }

    [Fact]
    public async Task A_strict_schema_with_nullable_optional_fields_is_accepted()
    {
        string schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":[\"integer\",\"null\"]}},\"required\":[\"a\",\"b\"],\"additionalProperties\":false}";
        Accepted(await ChatAsync("gpt-5.4-mini", ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\",\"strict\":true,\"schema\":" + schema + "}}"));
    }

    [Fact]
    public async Task A_strict_tool_needs_a_strict_schema()
    {
        const string Loose = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
        Rejected(await ChatAsync("gpt-5.4-mini", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"strict\":true,\"parameters\":" + Loose + "}}]"),
            "tools[0].function.parameters", "invalid_function_parameters",
            "Invalid schema for function 'get_weather': In context=(), 'additionalProperties' is required to be supplied and to be false.");
        Rejected(await ResponsesAsync("gpt-5.1-codex", ",\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"strict\":true,\"parameters\":" + Loose + "}]"),
            "tools[0].parameters", "invalid_function_parameters",
            "Invalid schema for function 'get_weather': In context=(), 'additionalProperties' is required to be supplied and to be false.");
        // Chat Completions tools are not strict unless asked.
        Accepted(await ChatAsync("gpt-5.4-mini", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":" + Loose + "}}]"));
    }

    private const string OptionalName = "{\"type\":\"object\",\"properties\":{\"Status\":{\"type\":\"string\"},\"Name\":{\"type\":\"string\"},\"Limit\":{\"type\":\"integer\"}},\"required\":[\"Status\"],\"additionalProperties\":false}";

    private async Task<string> ScriptedArgumentsAsync(string path, string body)
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { ToolCalls = [new ScriptedToolCall { Id = "call_1", Name = "Get-Bound", Arguments = "{\"Status\":\"Stopped\"}" }] });
        var reply = await PostAsync(path, body);
        Accepted(reply);
        return path == "responses"
            ? reply.Body.GetProperty("output")[0].GetProperty("arguments").GetString()!
            : reply.Body.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!;
    }

    [Fact]
    public async Task A_responses_tool_without_strict_is_made_strict_and_optional_parameters_come_back_empty()
    {
        string args = await ScriptedArgumentsAsync("responses",
            "{\"model\":\"gpt-5.1-codex\"," + Input + ",\"tools\":[{\"type\":\"function\",\"name\":\"Get-Bound\",\"parameters\":" + OptionalName + "}]}");
        Assert.Equal("{\"Status\":\"Stopped\",\"Name\":\"\",\"Limit\":0}", args);
    }

    [Fact]
    public async Task A_responses_tool_with_strict_false_gets_only_what_the_model_set()
    {
        string args = await ScriptedArgumentsAsync("responses",
            "{\"model\":\"gpt-5.1-codex\"," + Input + ",\"tools\":[{\"type\":\"function\",\"name\":\"Get-Bound\",\"parameters\":" + OptionalName + ",\"strict\":false}]}");
        Assert.Equal("{\"Status\":\"Stopped\"}", args);
    }

    [Fact]
    public async Task A_responses_tool_whose_schema_cannot_be_strict_stays_best_effort()
    {
        string open = OptionalName.Replace("\"additionalProperties\":false", "\"additionalProperties\":true");
        string args = await ScriptedArgumentsAsync("responses",
            "{\"model\":\"gpt-5.1-codex\"," + Input + ",\"tools\":[{\"type\":\"function\",\"name\":\"Get-Bound\",\"parameters\":" + open + "}]}");
        Assert.Equal("{\"Status\":\"Stopped\"}", args);
    }

    [Fact]
    public async Task A_chat_tool_without_strict_gets_only_what_the_model_set()
    {
        string args = await ScriptedArgumentsAsync("chat/completions",
            "{\"model\":\"gpt-5.4-mini\"," + User + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Get-Bound\",\"parameters\":" + OptionalName + "}}]}");
        Assert.Equal("{\"Status\":\"Stopped\"}", args);
    }

    [Fact]
    public async Task A_refused_request_does_not_take_the_scripted_reply()
    {
        _fixture.Server.State.Enqueue(new ScriptedReply { Content = "scripted" });
        Rejected(await ChatAsync("gpt-5", ",\"temperature\":0"), "temperature", "unsupported_value",
            "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.");
        Assert.Equal(1, _fixture.Server.State.PendingReplies);
        var reply = await ChatAsync("gpt-5", string.Empty);
        Assert.Equal("scripted", reply.Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }
}
