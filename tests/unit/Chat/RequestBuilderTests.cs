using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using VivgridPS.Core.Chat;
using Xunit;

namespace VivgridPS.Tests.Chat;

/// <summary>The exact bodies both builders write, and a 1.6 MB prompt that must survive byte for byte.</summary>
public sealed class RequestBuilderTests
{
    private const string Png = "data:image/png;base64,iVBORw0KGgo=";
    private const string Pdf = "data:application/pdf;base64,JVBERi0=";

    private static string Chat(ChatRequest r) => Text(RequestBodyWriter.Build(r, ChatApi.Chat));
    private static string Responses(ChatRequest r) => Text(RequestBodyWriter.Build(r, ChatApi.Responses));
    private static string Text(ArraySegment<byte> body) => Encoding.UTF8.GetString(body.Array!, body.Offset, body.Count);

    private static ChatRequest WithAttachments(bool stream)
    {
        var r = new ChatRequest { Model = "gpt-4o", Stream = stream };
        r.Messages.Add(new VivgridPS.ChatMessage("system", "Be brief."));
        r.Messages.Add(new VivgridPS.ChatMessage("user", "Describe")
        {
            Attachments = new[]
            {
                new VivgridPS.ChatAttachment { Kind = "image", MediaType = "image/png", FileName = "a.png", DataUri = Png },
                new VivgridPS.ChatAttachment { Kind = "file", MediaType = "application/pdf", FileName = "b.pdf", DataUri = Pdf },
            },
        });
        return r;
    }

    [Fact]
    public void Chat_messages_with_attachments_and_stream_usage()
    {
        Assert.Equal(
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":[" +
            "{\"type\":\"text\",\"text\":\"Describe\"}," +
            "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + Png + "\"}}," +
            "{\"type\":\"file\",\"file\":{\"filename\":\"b.pdf\",\"file_data\":\"" + Pdf + "\"}}]}]," +
            "\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
            Chat(WithAttachments(stream: true)));
    }

    [Fact]
    public void Chat_without_stream_sends_neither_stream_nor_stream_options()
    {
        var json = Chat(WithAttachments(stream: false));
        Assert.DoesNotContain("stream", json);
    }

    [Fact]
    public void Responses_input_with_attachments_developer_role_and_store_false()
    {
        Assert.Equal(
            "{\"model\":\"gpt-4o\",\"input\":[" +
            "{\"role\":\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"Be brief.\"}]}," +
            "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Describe\"}," +
            "{\"type\":\"input_image\",\"image_url\":\"" + Png + "\"}," +
            "{\"type\":\"input_file\",\"filename\":\"b.pdf\",\"file_data\":\"" + Pdf + "\"}]}]," +
            "\"stream\":true,\"store\":false}",
            Responses(WithAttachments(stream: true)));
    }

    private static ChatRequest WithOptions()
    {
        var r = new ChatRequest
        {
            Model = "m", Stream = false, MaxOutputTokens = 256, ReasoningEffort = "low", Seed = 42,
            Stop = new[] { "END", "\n\n" }, Temperature = 0.5, TopP = 0.9,
        };
        r.Messages.Add(new VivgridPS.ChatMessage("user", "hi"));
        return r;
    }

    [Fact]
    public void Chat_options_use_chat_names()
    {
        Assert.Equal(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":256,\"temperature\":0.5," +
            "\"top_p\":0.9,\"reasoning_effort\":\"low\",\"seed\":42,\"stop\":[\"END\",\"\\n\\n\"]}",
            Chat(WithOptions()));
    }

    [Fact]
    public void Responses_options_use_responses_names()
    {
        var json = Responses(WithOptions());
        Assert.Equal(
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"store\":false," +
            "\"max_output_tokens\":256,\"temperature\":0.5,\"top_p\":0.9,\"reasoning\":{\"effort\":\"low\"}}",
            json);
    }

    [Theory]
    [InlineData("auto", "\"tool_choice\":\"auto\"", "\"tool_choice\":\"auto\"")]
    [InlineData("none", "\"tool_choice\":\"none\"", "\"tool_choice\":\"none\"")]
    [InlineData("required", "\"tool_choice\":\"required\"", "\"tool_choice\":\"required\"")]
    [InlineData("get_weather", "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}", "\"tool_choice\":{\"type\":\"function\",\"name\":\"get_weather\"}")]
    public void Tools_and_tool_choice(string choice, string chatChoice, string responsesChoice)
    {
        var r = new ChatRequest { Model = "m", Stream = false, ToolChoice = choice };
        r.Messages.Add(new VivgridPS.ChatMessage("user", "weather?"));
        r.Tools.Add(new ToolDefinition("get_weather", "Weather now", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
        const string Params = "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
        Assert.EndsWith(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather now\"," + Params + "}}]," + chatChoice + "}",
            Chat(r));
        Assert.EndsWith(
            // "strict": false: without it the Responses API would make every parameter required (README, Model rules).
            "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather now\"," + Params + ",\"strict\":false}]," + responsesChoice + "}",
            Responses(r));
    }

    [Fact]
    public void Json_schema_is_strict_response_format_for_chat_and_text_format_for_responses()
    {
        var r = new ChatRequest { Model = "m", Stream = false, JsonSchemaName = "person", JsonSchema = "{\"type\":\"object\"}" };
        r.Messages.Add(new VivgridPS.ChatMessage("user", "x"));
        Assert.EndsWith(
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"strict\":true,\"schema\":{\"type\":\"object\"}}}}",
            Chat(r));
        Assert.EndsWith(
            "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"person\",\"strict\":true,\"schema\":{\"type\":\"object\"}}}}",
            Responses(r));
    }

    [Fact]
    public void Tool_round_trip_messages()
    {
        var r = new ChatRequest { Stream = false };
        r.Messages.Add(new VivgridPS.ChatMessage("assistant", null)
        {
            ToolCalls = new[] { new VivgridPS.ToolCall { Id = "call_1", Name = "f", ArgumentsJson = "{\"a\":1}" } },
        });
        r.Messages.Add(new VivgridPS.ChatMessage("tool", "42") { ToolCallId = "call_1" });
        Assert.Equal(
            "{\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}," +
            "{\"role\":\"tool\",\"content\":\"42\",\"tool_call_id\":\"call_1\"}]}",
            Chat(r));
        Assert.Equal(
            "{\"input\":[{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}," +
            "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"42\"}],\"store\":false}",
            Responses(r));
    }

    [Fact]
    public void Invalid_schema_text_is_rejected_not_sent()
    {
        var r = new ChatRequest { Stream = false, JsonSchema = "{\"type\":" };
        r.Messages.Add(new VivgridPS.ChatMessage("user", "x"));
        Assert.ThrowsAny<Exception>(() => RequestBodyWriter.Build(r, ChatApi.Chat));
    }

    [Fact]
    public void A_1_6_MB_prompt_with_quotes_newlines_and_non_ascii_round_trips_intact()
    {
        var piece = "Line \"quoted\" \\ back\\slash\ttab\r\nÜmlaut café 日本語 😀 </script> \u2028\u0001 ";
        var builder = new StringBuilder();
        while (builder.Length < 1_600_000) builder.Append(piece);
        var prompt = builder.ToString();
        foreach (var api in new[] { ChatApi.Chat, ChatApi.Responses })
        {
            var r = new ChatRequest { Model = "m", Api = api };
            r.Messages.Add(new VivgridPS.ChatMessage("user", prompt));
            var body = RequestBodyWriter.Build(r, api);
            using var doc = JsonDocument.Parse(body.AsMemory());
            var text = api == ChatApi.Chat
                ? doc.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()
                : doc.RootElement.GetProperty("input")[0].GetProperty("content")[0].GetProperty("text").GetString();
            Assert.True(prompt == text, $"{api}: prompt changed in transit");
        }
    }
}
