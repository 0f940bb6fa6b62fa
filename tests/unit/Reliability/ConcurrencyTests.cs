using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Http;
using Xunit;
using Xunit.Abstractions;

namespace VivgridPS.Tests.Reliability;

/// <summary>Many runspaces share one HttpClient; answers must never cross between calls and the queue keeps input order.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private EmulatorServer _server = null!;

    public ConcurrencyTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(new EmulatorOptions { LatencyMs = 5 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Eight_tasks_of_50_calls_on_one_shared_client_each_get_their_own_answer()
    {
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var answers = new List<(string Prompt, string Text, string Final)>();
            for (var i = 0; i < 50; i++)
            {
                var prompt = $"task {t} call {i} nonce {Guid.NewGuid():N}";
                var result = await RunnerHarness.RunAsync(RunnerHarness.Runner(_server.BaseUri, client: SharedHttpClient.Instance),
                    RunnerHarness.Request(prompt, stream: i % 5 != 0));
                Assert.Null(result.Failure);
                answers.Add((prompt, result.Text, result.Outcome!.Completion!.Content));
            }
            return answers;
        })).ToArray();
        var all = (await Task.WhenAll(tasks)).SelectMany(a => a).ToList();
        _output.WriteLine($"400 calls in {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(400, all.Count);
        foreach (var (prompt, text, final) in all)
        {
            Assert.Equal("Echo: " + prompt, text);
            Assert.Equal(text, final);
        }
        Assert.Equal(400, all.Select(a => a.Prompt).Distinct().Count());
        Assert.Equal(400, _server.State.Requests.Count);
    }

    [Fact]
    public async Task Queue_with_throttle_16_over_200_items_keeps_input_order()
    {
        // Prompts of very different lengths stream different numbers of chunks, so answers finish out of order.
        var prompts = Enumerable.Range(0, 200)
            .Select(i => $"item {i} " + string.Join(" ", Enumerable.Repeat("word", (i * 7919) % 37)))
            .ToList();
        using var queue = new OrderedCallQueue(16);
        foreach (var (prompt, i) in prompts.Select((p, i) => (p, i)))
        {
            queue.Enqueue(i, t => RunnerHarness.Runner(_server.BaseUri).RunAsync(RunnerHarness.Request(prompt), t));
        }

        var seen = new List<int>();
        await Task.Run(() =>
        {
            while (queue.Head is { } head)
            {
                var text = "";
                ChatCompletion? answer = null;
                while (head.TryTake(out var e, TimeSpan.FromSeconds(10), CancellationToken.None))
                {
                    if (e!.Kind == ChatEventKind.Delta) text += e.Text;
                    if (e.Kind == ChatEventKind.Completed) answer = e.Completion;
                }
                Assert.True(head.IsDrained, "a call timed out");
                Assert.Null(head.Failure);
                var index = (int)head.State!;
                Assert.Equal("Echo: " + prompts[index], text.Length > 0 ? text : null);
                Assert.Equal(text, answer!.Content);
                seen.Add(index);
                // Later calls already finished while this one was being read = the order was restored, not given.
                queue.Dequeue();
            }
        });

        Assert.Equal(Enumerable.Range(0, 200), seen);
        var requests = _server.State.Requests;
        Assert.Equal(200, requests.Count);
        var maxInFlight = requests.Max(r => requests.Count(o => o.ReceivedAt <= r.ReceivedAt && (o.CompletedAt ?? DateTime.MaxValue) > r.ReceivedAt));
        _output.WriteLine($"max requests in flight: {maxInFlight}");
        Assert.InRange(maxInFlight, 2, 16);
    }
}
