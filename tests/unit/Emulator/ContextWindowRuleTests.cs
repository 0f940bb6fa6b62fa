using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Tests.Emulator;

/// <summary>
/// The emulator refuses what would not fit the model's context window, as the service does (400
/// context_length_exceeded), counting exactly: a request one token over is refused, one at the limit passes. Its
/// counter is independent of the module's, so these tests also prove the two agree on the texts -Chunk sends.
/// </summary>
public sealed class ContextWindowRuleTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;

    public ContextWindowRuleTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.State.Reset();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ChatAsync(string model, string text, long maxCompletion)
    {
        using HttpClient client = _fixture.CreateClient();
        var body = JsonSerializer.Serialize(new
        {
            model,
            messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = text } },
            max_completion_tokens = maxCompletion,
        });
        using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(body));
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static int Prompt(string text) =>
        TokenCounter.CountMessages(new[] { new ChatMessage("system", "Be brief."), new ChatMessage("user", text) }).Count;

    [Theory]
    [InlineData("deepseek-v3.2", 128_000)]
    [InlineData("gpt-5-mini", 272_000)]
    public async Task One_token_over_the_window_is_refused_and_the_window_itself_passes(string model, int window)
    {
        var text = string.Join("\n", Enumerable.Range(1, 2000).Select(i => $"2026-11-29 13:{i % 60:D2} host{i % 9} GET /api/items/{i}?q=naïve 200 {i % 700} ms"));
        var prompt = Prompt(text);
        var (status, _) = await ChatAsync(model, text, window - prompt);
        Assert.Equal(HttpStatusCode.OK, status);
        var (over, body) = await ChatAsync(model, text, window - prompt + 1);
        Assert.Equal(HttpStatusCode.BadRequest, over);
        var error = body.GetProperty("error");
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(
            $"This model's maximum context length is {window} tokens. However, you requested {window + 1} tokens ({prompt} in the messages, {window - prompt + 1} in the completion). Please reduce the length of the messages or completion.",
            error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_prompt_larger_than_the_window_is_refused_without_any_output_requested()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 130_000));
        using HttpClient client = _fixture.CreateClient();
        var body = JsonSerializer.Serialize(new { model = "deepseek-v3.2", messages = new[] { new { role = "user", content = text } } });
        using HttpResponseMessage response = await client.PostAsync("chat/completions", EmulatorFixture.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("context_length_exceeded", await response.Content.ReadAsStringAsync());
    }
}
