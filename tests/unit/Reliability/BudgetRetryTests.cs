using System;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Tests.Emulator;
using Xunit;

namespace VivgridPS.Tests.Reliability;

/// <summary>
/// -MaxCost covers retries: an attempt the service accepted (and may bill) is not sent again under a budget, while a
/// refusal the service does not bill (429, 503 before any answer) is still retried.
/// </summary>
public sealed class BudgetRetryTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly string[] Pieces = { "alpha ", "beta" };

    private async Task<(RunResult Result, int Requests)> Run(bool retryAccepted, params ScriptedReply[] script)
    {
        var state = emulator.Server.State;
        state.Reset();
        foreach (var reply in script) state.Enqueue(reply);
        var runner = RunnerHarness.Runner(emulator.Server.BaseUri, maxRetries: 3,
            options: new ChatCallOptions { IdleTimeout = TimeSpan.FromSeconds(10), RetryAcceptedAttempts = retryAccepted });
        var result = await RunnerHarness.RunAsync(runner, RunnerHarness.Request("go"));
        return (result, state.Requests.Count);
    }

    [Fact]
    public async Task Under_a_budget_an_accepted_attempt_that_broke_before_text_is_not_paid_for_twice()
    {
        var (result, requests) = await Run(false,
            new ScriptedReply { Chunks = Pieces, Fault = "disconnect", AfterChunks = 0 }, new ScriptedReply { Chunks = Pieces });
        Assert.Equal(1, requests);
        var failure = Assert.IsType<VivgridException>(result.Failure);
        Assert.Contains("not retried", failure.Message);
        Assert.Contains("-MaxCost", failure.Message);
    }

    [Fact]
    public async Task Without_a_budget_the_same_attempt_is_retried()
    {
        var (result, requests) = await Run(true,
            new ScriptedReply { Chunks = Pieces, Fault = "disconnect", AfterChunks = 0 }, new ScriptedReply { Chunks = Pieces });
        Assert.Null(result.Failure);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task Under_a_budget_a_refusal_the_service_does_not_bill_is_still_retried()
    {
        var (result, requests) = await Run(false,
            new ScriptedReply { Status = 429, Headers = new() { ["retry-after-ms"] = "10" } }, new ScriptedReply { Chunks = Pieces });
        Assert.Null(result.Failure);
        Assert.Equal(2, requests);
    }
}
