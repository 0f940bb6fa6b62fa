using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;
using VivgridPS.Tests.Emulator;
using VivgridPS.Tests.Reliability;
using Xunit;

namespace VivgridPS.Tests.Chat;

/// <summary>
/// The orchestration of one work item, without PowerShell: the result object, the ledger line of each round, tool
/// rounds asked for and answered through events, the budget across rounds, interruptions and Ctrl+C.
/// </summary>
public sealed class ChatConversationTests : IClassFixture<EmulatorFixture>
{
    private const string Model = "gpt-5.4-mini";
    private readonly EmulatorFixture _emulator;

    public ChatConversationTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Server.State.Reset();
    }

    private EmulatorState Service => _emulator.Server.State;

    private static JsonElement Usage(int input, int output) =>
        JsonDocument.Parse($"{{\"prompt_tokens\":{input},\"completion_tokens\":{output},\"total_tokens\":{input + output}}}").RootElement.Clone();

    private static ScriptedReply ToolCall(string id, int input, int output) => new ScriptedReply
    {
        ToolCalls = new[] { new ScriptedToolCall { Id = id, Name = "Get-Thing", Arguments = "{\"Name\":\"x\"}" } },
        Usage = Usage(input, output),
    };

    private static decimal Price(int input, int output) => input * 0.75m / 1_000_000m + output * 4.5m / 1_000_000m;

    private ChatConversation Conversation(string prompt = "Say hello", bool tools = false, decimal? maxCost = null, int maxRounds = 8,
        ChatCallOptions? options = null)
    {
        var settings = new ConversationSettings(RunnerHarness.Transport(_emulator.Server.BaseUri, maxRetries: 0),
            options ?? new ChatCallOptions { IdleTimeout = TimeSpan.FromSeconds(10) }, ModelCatalog.Bundled)
        {
            MaxCost = maxCost,
            InvokeTools = tools,
            MaxToolRounds = maxRounds,
            Tag = "nightly",
            LogContent = true,
            ScriptPath = "/scripts/task.ps1",
            HostName = "host1",
        };
        var template = new ChatRequest { Model = Model };
        if (tools) template.Tools.Add(new ToolDefinition("Get-Thing", "gets a thing", "{\"type\":\"object\",\"properties\":{\"Name\":{\"type\":\"string\"}}}"));
        var request = template.CopyOptions();
        request.Messages.Add(new VivgridPS.ChatMessage("user", prompt));
        var preflight = ChatPreflight.Run(request, settings.Catalog, maxCost);
        return new ChatConversation(settings, new ChatWork(request, preflight, template) { Source = "in.txt", SourceText = "in.txt", PromptText = prompt });
    }

    /// <summary>Runs the stream to its end, answering tool requests and confirmations as the pipeline thread would.</summary>
    private static async Task<List<ChatEvent>> RunAsync(ChatConversation conversation, Func<ChatEvent, IReadOnlyList<string>>? tools = null,
        bool confirm = true, CancellationToken token = default)
    {
        var events = new List<ChatEvent>();
        await foreach (var e in conversation.RunAsync(token))
        {
            events.Add(e);
            if (e.Kind == ChatEventKind.ToolCallsRequested) e.ToolAnswer!.Give(tools?.Invoke(e) ?? e.ToolCalls.Select(c => "ran " + c.Name).ToList());
            if (e.Kind == ChatEventKind.ConfirmRound) e.Confirmation!.Give(confirm);
        }
        return events;
    }

    [Fact]
    public async Task One_round_makes_the_result_and_its_ledger_line()
    {
        Service.Enqueue(new ScriptedReply { Chunks = new[] { "Hel", "lo" }, Usage = Usage(1000, 20) });
        var events = await RunAsync(Conversation());

        Assert.Equal(new[] { "Hel", "lo" }, events.Where(e => e.Kind == ChatEventKind.Delta).Select(e => e.Text));
        var end = Assert.Single(events, e => e.Kind == ChatEventKind.Completed);
        var result = end.Result!;
        Assert.Equal("Hello", result.Content);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(1020, result.TotalTokens);
        Assert.Equal(Price(1000, 20), result.CostUsd);
        Assert.Equal("in.txt", result.Source);
        Assert.Equal("nightly", result.Tag);
        Assert.Equal(new[] { "user", "assistant" }, result.Messages.Select(m => m.Role));
        var line = end.TakeUsage()!;
        Assert.Equal("completed", line.Status);
        Assert.Equal((1000, 20, Price(1000, 20)), (line.InputTokens, line.OutputTokens, line.CostUsd));
        Assert.Equal((Model, "nightly", "host1", "/scripts/task.ps1", "in.txt"), (line.RequestedModel, line.Tag, line.HostName, line.ScriptPath, line.Source));
        Assert.Equal(("Say hello", "Hello"), (line.Prompt, line.Response));
        Assert.Null(end.TakeUsage());
    }

    [Fact]
    public async Task Tool_rounds_are_asked_for_answered_and_summed_into_one_result()
    {
        Service.Enqueue(ToolCall("call_1", 1000, 50));
        Service.Enqueue(new ScriptedReply { Content = "done", Usage = Usage(2000, 70) });
        var events = await RunAsync(Conversation(tools: true), e => new[] { "thing output" });

        Assert.Equal(new[] { ChatEventKind.ToolCallsRequested, ChatEventKind.ConfirmRound, ChatEventKind.Delta, ChatEventKind.Completed },
            events.Select(e => e.Kind));
        var asked = events[0];
        Assert.Equal("call_1", Assert.Single(asked.ToolCalls).Id);
        Assert.Equal(("completed", 1000), (asked.Usage!.Status, asked.Usage.InputTokens));
        var confirm = events[1];
        Assert.Equal("auto", confirm.NextRequest!.ToolChoice);
        var toolMessage = confirm.NextRequest.Messages.Last();
        Assert.Equal(("tool", "thing output", "call_1"), (toolMessage.Role, toolMessage.Content, toolMessage.ToolCallId));
        var result = events[3].Result!;
        Assert.Equal("done", result.Content);
        Assert.Equal((3000, 120), (result.InputTokens, result.OutputTokens));
        Assert.Equal(Price(1000, 50) + Price(2000, 70), result.CostUsd);
        Assert.Equal(2000, events[3].Usage!.InputTokens); // each round has its own ledger line
        var second = JsonDocument.Parse(Service.Requests[1].Body).RootElement;
        Assert.Equal("thing output", second.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_budget_that_cannot_pay_for_another_round_ends_before_any_tool_runs()
    {
        Service.Enqueue(ToolCall("call_1", 1000, 50));
        var toolsRan = 0;
        var events = await RunAsync(Conversation(tools: true, maxCost: Price(1000, 50) + 0.0000001m), _ => { toolsRan++; return new[] { "x" }; });

        Assert.Equal(0, toolsRan);
        var end = Assert.Single(events);
        Assert.Equal(ChatEventKind.Completed, end.Kind);
        Assert.Equal("tool_calls", end.Result!.FinishReason);
        Assert.Equal(VivgridErrorId.BudgetExceeded, Assert.IsType<VivgridException>(end.Failure).ErrorId);
        Assert.Single(Service.Requests);
    }

    [Fact]
    public async Task MaxToolRounds_ends_with_a_warning_and_the_calls_not_run()
    {
        Service.Enqueue(ToolCall("call_1", 10, 5));
        Service.Enqueue(ToolCall("call_2", 10, 5));
        var events = await RunAsync(Conversation(tools: true, maxRounds: 1));

        Assert.Single(events, e => e.Kind == ChatEventKind.ToolCallsRequested);
        var end = events.Last();
        Assert.Equal(ChatEventKind.Completed, end.Kind);
        Assert.Contains("-MaxToolRounds 1", end.Warning);
        Assert.Equal("call_2", Assert.Single(end.Result!.ToolCalls).Id);
        Assert.Equal(20, end.Result.InputTokens);
    }

    [Fact]
    public async Task A_declined_next_round_returns_the_answer_so_far()
    {
        Service.Enqueue(ToolCall("call_1", 10, 5));
        var events = await RunAsync(Conversation(tools: true), confirm: false);

        Assert.Equal(ChatEventKind.Completed, events.Last().Kind);
        Assert.Equal("tool_calls", events.Last().Result!.FinishReason);
        Assert.Equal("completed", events[0].TakeUsage()!.Status);
        Assert.Null(events.Last().TakeUsage()); // one line per round: it went with ToolCallsRequested
        Assert.Single(Service.Requests);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_text_is_an_interrupted_result_with_its_line()
    {
        Service.Enqueue(new ScriptedReply { Chunks = new[] { "a", "b", "c" }, Fault = "disconnect", AfterChunks = 2 });
        var events = await RunAsync(Conversation());

        var end = events.Last();
        Assert.Equal(ChatEventKind.Interrupted, end.Kind);
        Assert.Equal(("ab", "interrupted"), (end.Result!.Content, end.Result.FinishReason));
        Assert.Equal(VivgridErrorId.StreamInterrupted, Assert.IsType<VivgridException>(end.Failure).ErrorId);
        Assert.Equal("interrupted", end.TakeUsage()!.Status);
    }

    [Fact]
    public async Task A_failed_call_that_reached_the_service_has_one_failed_ledger_line_with_its_status_and_no_cost()
    {
        Service.Enqueue(new ScriptedReply { Status = 400 });
        var events = await RunAsync(Conversation());

        var end = Assert.Single(events);
        Assert.Equal(ChatEventKind.Failed, end.Kind);
        Assert.IsType<VivgridException>(end.Failure);
        var line = end.TakeUsage();
        Assert.NotNull(line);
        Assert.Equal(("failed", (int?)400, (decimal?)0m, 0L, 0L), (line!.Status, line.HttpStatus, line.CostUsd, line.InputTokens, line.OutputTokens));
        Assert.Equal(("in.txt", Model, "nightly"), (line.Source, line.RequestedModel, line.Tag));
        Assert.Null(end.TakeUsage());
    }

    [Fact]
    public async Task A_call_that_never_reached_the_service_has_no_ledger_line()
    {
        var settings = new ConversationSettings(RunnerHarness.Transport(new Uri("http://127.0.0.1:1/v1/"), maxRetries: 0),
            new ChatCallOptions { IdleTimeout = TimeSpan.FromSeconds(10) }, ModelCatalog.Bundled);
        var request = new ChatRequest { Model = Model };
        request.Messages.Add(new VivgridPS.ChatMessage("user", "hi"));
        var work = new ChatWork(request, ChatPreflight.Run(request, settings.Catalog, null), new ChatRequest { Model = Model });
        var end = Assert.Single(await RunAsync(new ChatConversation(settings, work)));
        Assert.Equal(VivgridErrorId.ConnectionFailed, Assert.IsType<VivgridException>(end.Failure).ErrorId);
        Assert.Null(end.TakeUsage());
    }

    [Fact]
    public async Task An_answer_without_usage_is_counted_locally_and_marked_as_an_estimate()
    {
        Service.Enqueue(new ScriptedReply { Replay = "chat-stream-no-usage.sse" });
        var events = await RunAsync(Conversation("Tell me a long story"));
        var end = events.Last();
        Assert.Equal(ChatEventKind.Completed, end.Kind);
        var result = end.Result!;
        Assert.True(result.IsEstimate);
        Assert.True(result.InputTokens > 5, "input counted");
        // The recording's text is about 90 KB of story: thousands of tokens, counted exactly with o200k.
        Assert.Equal(Core.Tokens.TokenCounter.CountO200k(result.Content), result.OutputTokens);
        Assert.Equal(Price((int)result.InputTokens, (int)result.OutputTokens), result.CostUsd);
        var line = end.TakeUsage()!;
        Assert.True(line.IsEstimate);
        Assert.Equal((result.InputTokens, result.OutputTokens, result.CostUsd), (line.InputTokens, line.OutputTokens, line.CostUsd));
        Assert.NotNull(Core.Pricing.CostNotices.Estimated(result));
    }

    [Fact]
    public async Task Reported_usage_is_not_an_estimate()
    {
        Service.Enqueue(new ScriptedReply { Content = "hi", Usage = Usage(10, 2) });
        var end = (await RunAsync(Conversation())).Last();
        Assert.False(end.Result!.IsEstimate);
        Assert.False(end.TakeUsage()!.IsEstimate);
        Assert.Null(Core.Pricing.CostNotices.Estimated(end.Result));
    }

    [Fact]
    public async Task A_reported_cost_past_MaxCost_is_warned_with_both_numbers_and_marked_in_the_ledger()
    {
        // The module capped the output for 0.001 USD; the service reports 100,000 output tokens anyway.
        Service.Enqueue(new ScriptedReply { Content = "long", Usage = Usage(10, 100_000) });
        var end = (await RunAsync(Conversation(maxCost: 0.001m))).Last();
        Assert.Equal(ChatEventKind.Completed, end.Kind);
        Assert.Equal(Price(10, 100_000), end.Result!.CostUsd);
        Assert.True(end.TakeUsage()!.OverBudget);
        var warning = Core.Pricing.CostNotices.OverBudget(0.001m, end.Result);
        Assert.Contains("0.001", warning);
        Assert.Contains(Price(10, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture), warning);
    }

    [Fact]
    public async Task A_cost_within_MaxCost_is_not_marked()
    {
        Service.Enqueue(new ScriptedReply { Content = "ok", Usage = Usage(10, 5) });
        var end = (await RunAsync(Conversation(maxCost: 0.01m))).Last();
        Assert.False(end.TakeUsage()!.OverBudget);
        Assert.Null(Core.Pricing.CostNotices.OverBudget(0.01m, end.Result!));
    }

    [Fact]
    public async Task Stop_mid_stream_returns_one_interrupted_line_with_the_text_so_far()
    {
        Service.Enqueue(new ScriptedReply { Chunks = new[] { "First ", "never" }, Fault = "stall", AfterChunks = 1 });
        var conversation = Conversation();
        using var cts = new CancellationTokenSource();
        await using var events = conversation.RunAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("First ", events.Current.Text);

        var line = conversation.Stop();
        cts.Cancel();

        Assert.Equal(("interrupted", "First "), (line!.Status, line.Response));
        // Never 0 tokens and no cost: what was sent and received, counted locally and flagged.
        Assert.True(line.IsEstimate);
        Assert.True(line.InputTokens > 0);
        Assert.Equal(Core.Tokens.TokenCounter.CountO200k("First "), line.OutputTokens);
        Assert.Equal(Price((int)line.InputTokens, (int)line.OutputTokens), line.CostUsd);
        Assert.Null(conversation.Stop());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.MoveNextAsync());
    }

    [Fact]
    public async Task Stop_after_a_round_ended_but_before_its_event_was_taken_records_it_once_as_completed_at_the_service()
    {
        Service.Enqueue(new ScriptedReply { Content = "whole answer", Usage = Usage(10, 3) });
        var conversation = Conversation();
        var events = await RunAsync(conversation);
        var end = events.Last();

        var line = conversation.Stop();

        Assert.Equal(("completed", 10L), (line!.Status, line.InputTokens));
        Assert.Null(end.TakeUsage());
    }

    [Fact]
    public async Task Stop_while_tools_run_writes_no_second_line_for_the_finished_round()
    {
        Service.Enqueue(ToolCall("call_1", 10, 5));
        var conversation = Conversation(tools: true);
        using var cts = new CancellationTokenSource();
        await using var events = conversation.RunAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(ChatEventKind.ToolCallsRequested, events.Current.Kind);
        Assert.NotNull(events.Current.TakeUsage());

        Assert.Null(conversation.Stop());
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.MoveNextAsync());
    }
}
