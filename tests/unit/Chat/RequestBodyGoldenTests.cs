using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using VivgridPS.Core.Chat;
using Xunit;

namespace VivgridPS.Tests.Chat;

/// <summary>
/// Representative requests (text, images/files, tools and a tool round, schema, json_object, reasoning, every option,
/// text that needs escaping) and the exact bodies each API gets. The expected strings were captured from the two
/// separate builders before they became one writer, so any change of a byte on the wire fails here.
/// </summary>
public sealed class RequestBodyGoldenTests
{
    private const string Png = "data:image/png;base64,iVBORw0KGgo=";
    private const string Pdf = "data:application/pdf;base64,JVBERi0=";
    private const string Weather = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

    public static IEnumerable<object[]> Cases() =>
        Requests().Keys.SelectMany(name => new[] { new object[] { name, ChatApi.Chat }, new object[] { name, ChatApi.Responses } });

    private static Dictionary<string, Func<ChatRequest>> Requests() => new Dictionary<string, Func<ChatRequest>>
    {
        ["text"] = () => With(new ChatRequest { Model = "gpt-5.4-mini" }, ("system", "Be brief."), ("user", "Hello")),
        ["text-unstreamed-managed"] = () => With(new ChatRequest { Stream = false }, ("user", "Hi")),
        ["escaping"] = () => With(new ChatRequest { Model = "m" },
            ("user", "Line \"quoted\" \\ tab\t\r\nÜmlaut café 日本語 😀 </script> \u2028\u0001 <&>'")),
        ["attachments"] = () => Attachments(),
        ["tools"] = () => Tools("auto"),
        ["tool-choice-named"] = () => Tools("get_weather"),
        ["tool-round"] = () => ToolRound(),
        ["schema"] = () => With(new ChatRequest { Model = "m", JsonSchemaName = "person", JsonSchema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}" },
            ("user", "Who?")),
        ["json-object"] = () => With(new ChatRequest { Model = "m", JsonObject = true, Stream = false }, ("user", "JSON please")),
        ["reasoning-and-options"] = () => With(new ChatRequest
        {
            Model = "m", MaxOutputTokens = 4096, Temperature = 0.25, TopP = 0.5, ReasoningEffort = "high", Seed = -7,
            Stop = new[] { "END", "\n\n" },
        }, ("system", "S"), ("user", "U"), ("assistant", "A"), ("user", "again")),
        ["empty-stop"] = () => With(new ChatRequest { Model = "m", Stream = false, Stop = Array.Empty<string>(), ReasoningEffort = "none" }, ("user", "x")),
        ["everything"] = () => Everything(),
    };

    private static ChatRequest With(ChatRequest request, params (string Role, string? Content)[] messages)
    {
        foreach (var (role, content) in messages) request.Messages.Add(new VivgridPS.ChatMessage(role, content));
        return request;
    }

    private static VivgridPS.ChatAttachment[] Files() => new[]
    {
        new VivgridPS.ChatAttachment { Kind = "image", MediaType = "image/png", FileName = "a.png", DataUri = Png },
        new VivgridPS.ChatAttachment { Kind = "file", MediaType = "application/pdf", FileName = "b \"q\".pdf", DataUri = Pdf },
    };

    private static ChatRequest Attachments()
    {
        var r = With(new ChatRequest { Model = "gpt-4o" }, ("system", "Describe files."));
        r.Messages.Add(new VivgridPS.ChatMessage("user", "What is in these?") { Attachments = Files() });
        // An attachment with no text: Chat Completions gets parts without a text part, Responses the same.
        r.Messages.Add(new VivgridPS.ChatMessage("user", string.Empty) { Attachments = Files().Take(1).ToArray() });
        return r;
    }

    private static ChatRequest Tools(string choice)
    {
        var r = With(new ChatRequest { Model = "m", ToolChoice = choice }, ("user", "Weather in Paris?"));
        r.Tools.Add(new ToolDefinition("get_weather", "Weather now", Weather));
        r.Tools.Add(new ToolDefinition("now", null, "{\"type\":\"object\",\"properties\":{}}"));
        return r;
    }

    private static ChatRequest ToolRound()
    {
        var r = Tools("required");
        r.Messages.Add(new VivgridPS.ChatMessage("assistant", "Let me look.")
        {
            ToolCalls = new[]
            {
                new VivgridPS.ToolCall { Id = "call_1", Name = "get_weather", ArgumentsJson = "{\"city\":\"Paris\"}" },
                new VivgridPS.ToolCall { Id = "call_2", Name = "now", ArgumentsJson = "{}" },
            },
        });
        r.Messages.Add(new VivgridPS.ChatMessage("tool", "{\"temp\":21}") { ToolCallId = "call_1", Name = "get_weather" });
        r.Messages.Add(new VivgridPS.ChatMessage("tool", null) { ToolCallId = "call_2" });
        r.Messages.Add(new VivgridPS.ChatMessage("assistant", null)
        {
            ToolCalls = new[] { new VivgridPS.ToolCall { Id = "call_3", Name = "now", ArgumentsJson = "{}" } },
        });
        r.Messages.Add(new VivgridPS.ChatMessage("tool", "12:00"));
        return r;
    }

    private static ChatRequest Everything()
    {
        var r = ToolRound();
        r.Model = "gpt-5.4";
        r.MaxOutputTokens = 100;
        r.Temperature = 1;
        r.TopP = 1;
        r.ReasoningEffort = "medium";
        r.Seed = 1;
        r.Stop = new[] { "x" };
        r.JsonSchema = "{\"type\":\"object\"}";
        r.JsonObject = true;
        r.Messages.Insert(0, new VivgridPS.ChatMessage("system", "Sys") { Name = "boss" });
        r.Messages.Add(new VivgridPS.ChatMessage("user", "and this") { Attachments = Files() });
        return r;
    }

    private static string Text(ArraySegment<byte> body) => Encoding.UTF8.GetString(body.Array!, body.Offset, body.Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Body_is_byte_identical_to_the_captured_one(string name, ChatApi api)
    {
        var body = Build(Requests()[name](), api);
        var expected = Expected[name + "/" + api];
        Assert.Equal(expected, Text(body));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), body.ToArray());
    }

    [Fact]
    public void Every_case_has_a_captured_body_for_each_api_and_no_body_is_left_unchecked()
    {
        var cases = Cases().Select(c => (string)c[0] + "/" + c[1]).OrderBy(k => k, StringComparer.Ordinal);
        Assert.Equal(Expected.Keys.OrderBy(k => k, StringComparer.Ordinal), cases);
    }

    private static ArraySegment<byte> Build(ChatRequest request, ChatApi api) =>
        RequestBodyWriter.Build(request, api);

    /// <summary>Captured from ChatRequestBuilder / ResponsesRequestBuilder (commit 996fe4b) before they became RequestBodyWriter.</summary>
    private static readonly Dictionary<string, string> Expected = new Dictionary<string, string>
    {
        ["text/Chat"] = """{"model":"gpt-5.4-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}""",
        ["text/Responses"] = """{"model":"gpt-5.4-mini","input":[{"role":"developer","content":[{"type":"input_text","text":"Be brief."}]},{"role":"user","content":[{"type":"input_text","text":"Hello"}]}],"stream":true,"store":false}""",
        ["text-unstreamed-managed/Chat"] = """{"messages":[{"role":"user","content":"Hi"}]}""",
        ["text-unstreamed-managed/Responses"] = """{"input":[{"role":"user","content":[{"type":"input_text","text":"Hi"}]}],"store":false}""",
        ["escaping/Chat"] = """{"model":"m","messages":[{"role":"user","content":"Line \"quoted\" \\ tab\t\r\nÜmlaut café 日本語 \uD83D\uDE00 </script> \u2028\u0001 <&>'"}],"stream":true,"stream_options":{"include_usage":true}}""",
        ["escaping/Responses"] = """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Line \"quoted\" \\ tab\t\r\nÜmlaut café 日本語 \uD83D\uDE00 </script> \u2028\u0001 <&>'"}]}],"stream":true,"store":false}""",
        ["attachments/Chat"] = """{"model":"gpt-4o","messages":[{"role":"system","content":"Describe files."},{"role":"user","content":[{"type":"text","text":"What is in these?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"file","file":{"filename":"b \"q\".pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]},{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"stream":true,"stream_options":{"include_usage":true}}""",
        ["attachments/Responses"] = """{"model":"gpt-4o","input":[{"role":"developer","content":[{"type":"input_text","text":"Describe files."}]},{"role":"user","content":[{"type":"input_text","text":"What is in these?"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="},{"type":"input_file","filename":"b \"q\".pdf","file_data":"data:application/pdf;base64,JVBERi0="}]},{"role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}],"stream":true,"store":false}""",
        ["tools/Chat"] = """{"model":"m","messages":[{"role":"user","content":"Weather in Paris?"}],"stream":true,"stream_options":{"include_usage":true},"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},{"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}],"tool_choice":"auto"}""",
        ["tools/Responses"] = """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]}],"stream":true,"store":false,"tools":[{"type":"function","name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false},{"type":"function","name":"now","parameters":{"type":"object","properties":{}},"strict":false}],"tool_choice":"auto"}""",
        ["tool-choice-named/Chat"] = """{"model":"m","messages":[{"role":"user","content":"Weather in Paris?"}],"stream":true,"stream_options":{"include_usage":true},"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},{"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}""",
        ["tool-choice-named/Responses"] = """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]}],"stream":true,"store":false,"tools":[{"type":"function","name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false},{"type":"function","name":"now","parameters":{"type":"object","properties":{}},"strict":false}],"tool_choice":{"type":"function","name":"get_weather"}}""",
        ["tool-round/Chat"] = """{"model":"m","messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":"Let me look.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},{"role":"tool","content":"{\"temp\":21}","name":"get_weather","tool_call_id":"call_1"},{"role":"tool","content":null,"tool_call_id":"call_2"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_3","type":"function","function":{"name":"now","arguments":"{}"}}]},{"role":"tool","content":"12:00"}],"stream":true,"stream_options":{"include_usage":true},"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},{"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}],"tool_choice":"required"}""",
        ["tool-round/Responses"] = """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]},{"role":"assistant","content":[{"type":"output_text","text":"Let me look."}]},{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},{"type":"function_call","call_id":"call_2","name":"now","arguments":"{}"},{"type":"function_call_output","call_id":"call_1","output":"{\"temp\":21}"},{"type":"function_call_output","call_id":"call_2","output":""},{"type":"function_call","call_id":"call_3","name":"now","arguments":"{}"},{"type":"function_call_output","call_id":"","output":"12:00"}],"stream":true,"store":false,"tools":[{"type":"function","name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false},{"type":"function","name":"now","parameters":{"type":"object","properties":{}},"strict":false}],"tool_choice":"required"}""",
        ["schema/Chat"] = """{"model":"m","messages":[{"role":"user","content":"Who?"}],"stream":true,"stream_options":{"include_usage":true},"response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}""",
        ["schema/Responses"] = """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Who?"}]}],"stream":true,"store":false,"text":{"format":{"type":"json_schema","name":"person","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}""",
        ["json-object/Chat"] = """{"model":"m","messages":[{"role":"user","content":"JSON please"}],"response_format":{"type":"json_object"}}""",
        ["json-object/Responses"] = """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"JSON please"}]}],"store":false,"text":{"format":{"type":"json_object"}}}""",
        ["reasoning-and-options/Chat"] = """{"model":"m","messages":[{"role":"system","content":"S"},{"role":"user","content":"U"},{"role":"assistant","content":"A"},{"role":"user","content":"again"}],"stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":4096,"temperature":0.25,"top_p":0.5,"reasoning_effort":"high","seed":-7,"stop":["END","\n\n"]}""",
        ["reasoning-and-options/Responses"] = """{"model":"m","input":[{"role":"developer","content":[{"type":"input_text","text":"S"}]},{"role":"user","content":[{"type":"input_text","text":"U"}]},{"role":"assistant","content":[{"type":"output_text","text":"A"}]},{"role":"user","content":[{"type":"input_text","text":"again"}]}],"stream":true,"store":false,"max_output_tokens":4096,"temperature":0.25,"top_p":0.5,"reasoning":{"effort":"high"}}""",
        ["empty-stop/Chat"] = """{"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"none"}""",
        ["empty-stop/Responses"] = """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"x"}]}],"store":false,"reasoning":{"effort":"none"}}""",
        ["everything/Chat"] = """{"model":"gpt-5.4","messages":[{"role":"system","content":"Sys","name":"boss"},{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":"Let me look.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},{"role":"tool","content":"{\"temp\":21}","name":"get_weather","tool_call_id":"call_1"},{"role":"tool","content":null,"tool_call_id":"call_2"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_3","type":"function","function":{"name":"now","arguments":"{}"}}]},{"role":"tool","content":"12:00"},{"role":"user","content":[{"type":"text","text":"and this"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"file","file":{"filename":"b \"q\".pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}],"stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":100,"temperature":1,"top_p":1,"reasoning_effort":"medium","seed":1,"stop":["x"],"response_format":{"type":"json_schema","json_schema":{"name":"result","strict":true,"schema":{"type":"object"}}},"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},{"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}],"tool_choice":"required"}""",
        ["everything/Responses"] = """{"model":"gpt-5.4","input":[{"role":"developer","content":[{"type":"input_text","text":"Sys"}]},{"role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]},{"role":"assistant","content":[{"type":"output_text","text":"Let me look."}]},{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},{"type":"function_call","call_id":"call_2","name":"now","arguments":"{}"},{"type":"function_call_output","call_id":"call_1","output":"{\"temp\":21}"},{"type":"function_call_output","call_id":"call_2","output":""},{"type":"function_call","call_id":"call_3","name":"now","arguments":"{}"},{"type":"function_call_output","call_id":"","output":"12:00"},{"role":"user","content":[{"type":"input_text","text":"and this"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="},{"type":"input_file","filename":"b \"q\".pdf","file_data":"data:application/pdf;base64,JVBERi0="}]}],"stream":true,"store":false,"max_output_tokens":100,"temperature":1,"top_p":1,"reasoning":{"effort":"medium"},"text":{"format":{"type":"json_schema","name":"result","strict":true,"schema":{"type":"object"}}},"tools":[{"type":"function","name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false},{"type":"function","name":"now","parameters":{"type":"object","properties":{}},"strict":false}],"tool_choice":"required"}""",
    };
}
