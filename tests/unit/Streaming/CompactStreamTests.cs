using VivgridPS.Core.Http;
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Streaming;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// Vivgrid's compact stream (X-Response-Format: vivgrid) on hand-written bodies modeled on the spec's example
    /// (VIVGRID-API.md §2): at least as tolerant as Vivgrid's own clients, strict where it matters (no p: = cut short).
    /// </summary>
    public sealed class CompactStreamTests
    {
        private const string SpecExample =
            "g: \"Thinking\"\n\n" +
            "f: {\"tool_call_id\":\"call_e6Z\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"New York\\\"}\"}\n\n" +
            "r: {\"status\":\"completed\",\"tool_call_id\":\"call_e6Z\",\"name\":\"get_weather\",\"result\":\"New York: 25°C\"}\n\n" +
            "c: \"The\"\n\n" +
            "c: \" weather\"\n\n" +
            "u: {\"prompt_tokens\":150,\"completion_tokens\":60,\"total_tokens\":210,\"prompt_tokens_details\":{\"cached_tokens\":20},\"completion_tokens_details\":{\"reasoning_tokens\":12}}\n\n" +
            "p: finish\n\n";

        private static async Task<(List<string> Deltas, ChatCompletion Completion)> ReadAsync(string body, Func<int>? chunkSize = null)
        {
            var acc = new CompactStreamAccumulator();
            var deltas = new List<string>();
            await foreach (var delta in CompactStreamReader.ReadAsync(new ScriptedStream(Encoding.UTF8.GetBytes(body), chunkSize), acc))
            {
                deltas.Add(delta);
            }
            return (deltas, acc.Current);
        }

        private static void AssertSpecExample(List<string> deltas, ChatCompletion completion)
        {
            Assert.Equal(new[] { "The", " weather" }, deltas);
            Assert.Equal("The weather", completion.Content);
            Assert.Equal("Thinking", completion.Reasoning);
            var tool = Assert.Single(completion.ServerToolCalls);
            Assert.Equal(("call_e6Z", "get_weather", "{\"city\": \"New York\"}", "New York: 25°C", "completed"),
                (tool.Id, tool.Name, tool.Arguments, tool.Result, tool.Status));
            var usage = completion.Usage!;
            Assert.Equal((150, 60, 210, 20, 12), (usage.InputTokens, usage.OutputTokens, usage.TotalTokens, usage.CachedInputTokens, usage.ReasoningTokens));
            Assert.True(completion.Done);
            Assert.False(completion.Truncated);
            Assert.Equal("stop", completion.FinishReason);
            Assert.Equal(0, completion.MalformedEventCount);
        }

        [Fact]
        public async Task TheSpecExampleIsReadWhole()
        {
            var (deltas, completion) = await ReadAsync(SpecExample);
            AssertSpecExample(deltas, completion);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(7)]
        public async Task FramesSplitAcrossReadsAtAnyByteAreTheSame(int chunk)
        {
            // One byte at a time also splits the two-byte '°' of the tool result across reads.
            var (deltas, completion) = await ReadAsync(SpecExample, () => chunk);
            AssertSpecExample(deltas, completion);
        }

        [Fact]
        public async Task RandomSplitsGiveTheSameResult()
        {
            var random = new Random(17);
            for (var i = 0; i < 50; i++)
            {
                var (deltas, completion) = await ReadAsync(SpecExample, () => random.Next(1, 40));
                AssertSpecExample(deltas, completion);
            }
        }

        [Fact]
        public async Task CrlfLineEndsAndSingleNewlinesBetweenFrames()
        {
            var (deltas, completion) = await ReadAsync(SpecExample.Replace("\n", "\r\n"));
            AssertSpecExample(deltas, completion);
            (deltas, completion) = await ReadAsync(SpecExample.Replace("\n\n", "\n"));
            AssertSpecExample(deltas, completion);
        }

        [Fact]
        public async Task NoSpaceOrSeveralSpacesAfterTheColon()
        {
            var (deltas, completion) = await ReadAsync(System.Text.RegularExpressions.Regex.Replace(SpecExample, "^([a-z]): ", "$1:", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Replace("c:\" weather\"", "c:\t  \" weather\""));
            AssertSpecExample(deltas, completion);
        }

        [Fact]
        public async Task UnknownPrefixesAndStrayLinesAreIgnored()
        {
            var body = "x: {\"future\":true}\n\n: comment\n\nnot a frame\n\nC: \"upper case is no frame\"\n\n" + SpecExample.Replace("p: finish", "z: \"later\"\n\np: finish");
            var (deltas, completion) = await ReadAsync(body);
            AssertSpecExample(deltas, completion);
        }

        [Fact]
        public async Task WithoutPTheStreamIsTruncatedAndKeepsItsText()
        {
            var (deltas, completion) = await ReadAsync(SpecExample.Replace("p: finish\n\n", string.Empty));
            Assert.Equal(new[] { "The", " weather" }, deltas);
            Assert.Equal("The weather", completion.Content);
            Assert.NotNull(completion.Usage);
            Assert.False(completion.Done);
            Assert.True(completion.Truncated);
        }

        [Fact]
        public async Task TheLastLineCountsWithoutItsLineFeed()
        {
            var (_, completion) = await ReadAsync("c: \"a\"\n\np: finish");
            Assert.True(completion.Done);
            (_, completion) = await ReadAsync("c: \"a\"\n\nc: \"b\"");
            Assert.Equal("ab", completion.Content);
            Assert.True(completion.Truncated);
        }

        [Fact]
        public async Task UsageBeforeContentAndModelAfterContent()
        {
            var body = "u: {\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}\n\nc: \"Hi\"\n\nc: \" there\"\n\nm: \"gpt-5.4-mini-2026-03-17\"\n\np: finish\n\n";
            var (deltas, completion) = await ReadAsync(body);
            Assert.Equal(new[] { "Hi", " there" }, deltas);
            Assert.Equal("gpt-5.4-mini-2026-03-17", completion.Model);
            Assert.Equal(7, completion.Usage!.TotalTokens);
            Assert.True(completion.Done);
        }

        [Fact]
        public async Task NothingAfterPIsRead()
        {
            var (deltas, completion) = await ReadAsync("c: \"a\"\n\np: finish\n\nc: \"after the end\"\n\n");
            Assert.Equal(new[] { "a" }, deltas);
            Assert.Equal("a", completion.Content);
        }

        [Fact]
        public async Task AnyPFrameEndsTheStreamAsInVivgridsClients()
        {
            var (_, completion) = await ReadAsync("c: \"a\"\n\np:\n\n");
            Assert.True(completion.Done);
            (_, completion) = await ReadAsync("c: \"a\"\n\np: \" finish\"\n\n");
            Assert.True(completion.Done);
        }

        [Fact]
        public async Task MalformedKnownFramesAreCountedAndSkipped()
        {
            var body = "c: not json\n\nc: {\"text\":1}\n\nc: \"ok\" trailing\n\nu: [1]\n\nf: \"x\"\n\nc: \"fine\"\n\np: finish\n\n";
            var (deltas, completion) = await ReadAsync(body);
            Assert.Equal(new[] { "fine" }, deltas);
            Assert.Equal(5, completion.MalformedEventCount);
            Assert.NotNull(completion.LastMalformedError);
            Assert.Null(completion.Usage);
            Assert.Empty(completion.ServerToolCalls);
            Assert.True(completion.Done);
        }

        [Fact]
        public async Task AToolCallWithoutResultStaysStartedAndArgumentsSentAsObjectsAreKept()
        {
            var body = "f: {\"tool_call_id\":\"a\",\"name\":\"search\",\"arguments\":{\"q\":\"x\"},\"status\":\"started\"}\n\n" +
                       "f: {\"tool_call_id\":\"b\",\"name\":\"fetch\",\"arguments\":\"{}\"}\n\n" +
                       "r: {\"tool_call_id\":\"b\",\"name\":\"fetch\",\"result\":\"page\"}\n\n" +
                       "r: {\"tool_call_id\":\"c\",\"name\":\"orphan\",\"result\":\"r\",\"status\":\"failed\"}\n\np: finish\n\n";
            var (_, completion) = await ReadAsync(body);
            var calls = completion.ServerToolCalls;
            Assert.Equal(3, calls.Count);
            Assert.Equal(("a", "search", "{\"q\":\"x\"}", (string?)null, "started"), (calls[0].Id, calls[0].Name, calls[0].Arguments, calls[0].Result, calls[0].Status));
            Assert.Equal(("b", "fetch", "page", "completed"), (calls[1].Id, calls[1].Name, calls[1].Result, calls[1].Status));
            Assert.Equal(("c", "orphan", "r", "failed"), (calls[2].Id, calls[2].Name, calls[2].Result, calls[2].Status));
        }

        [Fact]
        public async Task ASnapshotTakenMidStreamDoesNotChangeLater()
        {
            var acc = new CompactStreamAccumulator();
            CompactStreamReader.ApplyLine(acc, Encoding.UTF8.GetBytes("f: {\"tool_call_id\":\"a\",\"name\":\"n\",\"arguments\":\"{}\"}"));
            var early = acc.Current.ServerToolCalls[0];
            CompactStreamReader.ApplyLine(acc, Encoding.UTF8.GetBytes("r: {\"tool_call_id\":\"a\",\"result\":\"done\"}"));
            Assert.Equal("started", early.Status);
            Assert.Equal("completed", acc.Current.ServerToolCalls[0].Status);
            await Task.CompletedTask;
        }

        [Fact]
        public async Task ABrokenConnectionIsATransientStreamInterruptionAndKeepsTheText()
        {
            var bytes = Encoding.UTF8.GetBytes(SpecExample);
            var acc = new CompactStreamAccumulator();
            var stream = new ScriptedStream(bytes) { FailAt = SpecExample.IndexOf("c: \" weather", StringComparison.Ordinal) + 3 };
            var deltas = new List<string>();
            var e = await Assert.ThrowsAsync<VivgridException>(async () =>
            {
                await foreach (var d in CompactStreamReader.ReadAsync(stream, acc)) deltas.Add(d);
            });
            Assert.Equal(VivgridErrorId.StreamInterrupted, e.ErrorId);
            Assert.True(e.IsTransient);
            Assert.Equal(new[] { "The" }, deltas);
            Assert.Equal("The", acc.Current.Content);
        }

        [Fact]
        public async Task AnEndlessLineFailsInsteadOfGrowingWithoutBound()
        {
            var acc = new CompactStreamAccumulator();
            var e = await Assert.ThrowsAsync<VivgridException>(async () =>
            {
                await foreach (var _ in CompactStreamReader.ReadAsync(new EndlessStream(), acc)) { }
            });
            Assert.Equal(VivgridErrorId.MalformedResponse, e.ErrorId);
        }

        /// <summary>"c: \"aaaa…" without ever a line feed.</summary>
        private sealed class EndlessStream : ForwardOnlyReadStream
        {
            public override int Read(byte[] buffer, int offset, int count)
            {
                for (var i = 0; i < count; i++) buffer[offset + i] = (byte)'a';
                return count;
            }
        }
    }
}
