using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using VivgridEmulator;
using Xunit;
using Xunit.Abstractions;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>
    /// Ctrl+C at random moments, 200 times: with one call at a time, with -ThrottleLimit 4, and during -InvokeTool
    /// rounds (stops land while a round streams, while the tool runs, or between). Every stop must return within
    /// 250 ms with PipelineStoppedException, never another error, and the ledger must account for every request the
    /// service received exactly once (one interrupted line for each call that was in flight, none twice).
    /// </summary>
    [Collection("Chat runspace")]
    public sealed class StopStressTests : IDisposable
    {
        private const string SlowTool =
            "$tool = @{ name = 'Wait-Tool'; description = 'waits'; parameters = @{ type = 'object'; properties = @{ Ms = @{ type = 'integer' } } }; " +
            "command = { param($Ms) Start-Sleep -Milliseconds $Ms; 'waited' } }; ";
        private static readonly TimeSpan StopBound = TimeSpan.FromMilliseconds(250);
        private readonly ChatRunspace _rs;
        private readonly ITestOutputHelper _log;
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "vivgridps-stop-" + Guid.NewGuid().ToString("N"));
        private readonly string? _saved = Environment.GetEnvironmentVariable("VIVGRID_USAGE_LOG");

        public StopStressTests(ChatRunspace rs, ITestOutputHelper log)
        {
            _rs = rs;
            _log = log;
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", _saved);
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Fact]
        public void Two_hundred_random_stops_return_promptly_and_leave_one_ledger_line_per_call_in_flight()
        {
            var random = new Random(20261129);
            var totals = new Totals();
            WarmUp();
            Stop(random, totals, stops: 80, throttle: 1, tools: false);
            Stop(random, totals, stops: 60, throttle: 4, tools: false);
            Stop(random, totals, stops: 60, throttle: 2, tools: true);
            var sorted = totals.Latencies.OrderBy(l => l).ToList();
            _log.WriteLine($"{sorted.Count} stops ({totals.Finished} runs finished before their stop); stop→return ms: " +
                           $"median {sorted[sorted.Count / 2]:0.0}, p95 {sorted[(int)(sorted.Count * 0.95)]:0.0}, max {sorted[^1]:0.0}; " +
                           $"{totals.InFlight} calls in flight at the stop, {totals.Interrupted} interrupted lines, {totals.Completed} completed lines, " +
                           $"{totals.DuringTools} calls stopped between tool rounds");
            Assert.Equal(200, sorted.Count);
            Assert.True(totals.InFlight >= 100, $"only {totals.InFlight} calls were in flight: the stops did not land mid-call");
            Assert.True(sorted[^1] < StopBound.TotalMilliseconds, $"slowest stop took {sorted[^1]:0.0} ms");
        }

        /// <summary>One whole run of each kind first, so the stops measure stopping, not the first JIT of the code paths.</summary>
        private void WarmUp()
        {
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", Path.Combine(_dir, "warm-up.jsonl"));
            var (_, shell) = _rs.Run(SlowTool + "1..2 | Invoke-VivgridChat -Each -Stream -PassThru -NoLedger:$false -ThrottleLimit 2 -Tool $tool -InvokeTool");
            Assert.Empty(shell.Streams.Error);
        }

        private void Stop(Random random, Totals totals, int stops, int throttle, bool tools)
        {
            for (var done = 0; done < stops;)
            {
                if (StopOnce(random, totals, throttle, tools)) done++;
                Assert.True(totals.Finished < 150, "too many runs finished before their stop");
            }
        }

        /// <summary>One pipeline of six items, stopped at a random moment; false when it had finished first.</summary>
        private bool StopOnce(Random random, Totals totals, int throttle, bool tools)
        {
            var nonce = Guid.NewGuid().ToString("N").Substring(0, 10);
            var ledger = Path.Combine(_dir, nonce + ".jsonl");
            Environment.SetEnvironmentVariable("VIVGRID_USAGE_LOG", ledger);
            var script = (tools ? SlowTool : string.Empty) +
                         $"1..6 | ForEach-Object {{ 'item-{nonce}-' + $_ }} | Invoke-VivgridChat -Each -Stream -PassThru -NoLedger:$false " +
                         $"-ThrottleLimit {throttle} -MaxRetries 0" + (tools ? " -Tool $tool -InvokeTool -MaxToolRounds 1" : string.Empty);
            var shell = _rs.Shell(script);
            for (var i = 0; i < 6; i++)
            {
                if (tools)
                {
                    _rs.Emulator.State.Enqueue(new ScriptedReply
                    {
                        FirstByteDelayMs = 20,
                        ToolCalls = new[] { new ScriptedToolCall { Id = "call_" + i, Name = "Wait-Tool", Arguments = "{\"Ms\":40}" } },
                    });
                }
                _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = Enumerable.Repeat("word ", 8).ToArray(), ChunkDelayMs = 12 });
            }

            var output = new PSDataCollection<PSObject>();
            var pending = shell.BeginInvoke<PSObject, PSObject>(null, output);
            // The stop lands while calls stream (or tools run): from the first request on, at a random moment.
            var started = Stopwatch.StartNew();
            while (_rs.Emulator.State.Requests.Count == 0 && started.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(1);
            Thread.Sleep(random.Next(0, tools ? 300 : throttle == 1 ? 350 : 150));
            var clock = Stopwatch.StartNew();
            shell.Stop();
            clock.Stop();
            Exception? thrown = null;
            try
            {
                shell.EndInvoke(pending);
            }
            catch (Exception e)
            {
                thrown = e;
            }
            if (shell.InvocationStateInfo.State == PSInvocationState.Completed)
            {
                totals.Finished++;
                return false;
            }

            Assert.Equal(typeof(PipelineStoppedException), thrown?.GetType());
            Assert.DoesNotContain(shell.Streams.Error, e => e.FullyQualifiedErrorId.StartsWith("UnexpectedError", StringComparison.Ordinal));
            totals.Latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (clock.Elapsed.TotalMilliseconds > 100) _log.WriteLine($"slow stop {clock.Elapsed.TotalMilliseconds:0.0} ms: throttle {throttle}, tools {tools}, results {output.Count(o => o.BaseObject is ChatResult)}, requests {_rs.Emulator.State.Requests.Count}");
            CheckLedger(ledger, nonce, output, tools, totals);
            return true;
        }

        /// <summary>Every request the service received has its ledger line; a call whose result the user did not get is interrupted, once.</summary>
        private void CheckLedger(string ledger, string nonce, PSDataCollection<PSObject> output, bool tools, Totals totals)
        {
            var lines = File.Exists(ledger)
                ? File.ReadAllLines(ledger).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
                : new List<JsonElement>();
            var delivered = output.Select(o => o.BaseObject).OfType<ChatResult>().Select(r => PSObject.AsPSObject(r.Source!).BaseObject.ToString()).ToHashSet();
            var received = _rs.Emulator.State.Requests
                .Select(r => Regex.Match(r.Body, "item-" + nonce + "-\\d").Value)
                .Where(s => s.Length > 0)
                .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
            for (var i = 1; i <= 6; i++)
            {
                var source = $"item-{nonce}-{i}";
                // Without -LogContent the ledger names a string item by its position, never by its text.
                var mine = lines.Where(l => l.GetProperty("source").GetString() == $"item {i}").Select(l => l.GetProperty("status").GetString()).ToList();
                var interrupted = mine.Count(s => s == "interrupted");
                var requests = received.TryGetValue(source, out var n) ? n : 0;
                Assert.True(interrupted <= 1, $"{source}: {interrupted} interrupted lines");
                Assert.True(mine.Count >= requests && mine.Count <= requests + 1, $"{source}: {mine.Count} ledger lines for {requests} requests received " +
                    $"(tools {tools}; ledger: {string.Join(", ", lines.Select(l => l.GetProperty("source").GetString() + "=" + l.GetProperty("status").GetString()))}; " +
                    $"received: {string.Join(", ", received.Select(r => r.Key + "x" + r.Value))}; delivered: {string.Join(", ", delivered)})");
                if (delivered.Contains(source))
                {
                    Assert.Equal(0, interrupted);
                    continue;
                }
                if (!tools && requests > 0)
                {
                    // In flight at the stop (received, result not given to the user): exactly one line; interrupted,
                    // or completed when the whole answer had arrived (the line says what the service billed).
                    var only = Assert.Single(mine);
                    Assert.True(only is "interrupted" or "completed", $"{source}: {only}");
                }
                if (interrupted == 1) totals.InFlight++;
                // A tool round that had finished, stopped while its tool ran or before the next round was sent.
                else if (tools && mine.Count > 0) totals.DuringTools++;
            }
            totals.Interrupted += lines.Count(l => l.GetProperty("status").GetString() == "interrupted");
            totals.Completed += lines.Count(l => l.GetProperty("status").GetString() == "completed");
        }

        private sealed class Totals
        {
            public List<double> Latencies { get; } = new List<double>();
            public int Finished { get; set; }
            public int InFlight { get; set; }
            public int Interrupted { get; set; }
            public int Completed { get; set; }
            public int DuringTools { get; set; }
        }
    }
}
