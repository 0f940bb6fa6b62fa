using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Streaming;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>The reader's behaviour at the edges: cancel, stalls, broken connections, early ends, terminators.</summary>
    [Collection(TimingSensitiveCollection.Name)]
    public sealed class SseStreamReaderTests
    {
        private const string UsageFile = "chat-stream-usage.sse";

        /// <summary>Byte offset just after the first event that carries non-empty content.</summary>
        private static int EndOfFirstContentEvent(byte[] bytes)
        {
            string text = Encoding.UTF8.GetString(bytes);
            int content = text.IndexOf("\"content\":\"I", StringComparison.Ordinal);
            return Encoding.UTF8.GetByteCount(text.Substring(0, text.IndexOf("\n\n", content, StringComparison.Ordinal) + 2));
        }

        [Fact]
        public async Task CancelDuringAStallThrowsPromptlyAfterTheFirstDeltaWasYielded()
        {
            byte[] bytes = RealData.Bytes(UsageFile);
            var stream = new ScriptedStream(bytes) { StallAt = EndOfFirstContentEvent(bytes) };
            using var cts = new CancellationTokenSource();
            var acc = new ChatStreamAccumulator();
            IAsyncEnumerator<string> deltas = SseStreamReader.ReadAsync(stream, acc, cts.Token).GetAsyncEnumerator();
            try
            {
                Assert.True(await deltas.MoveNextAsync());
                Assert.Equal("I'm", deltas.Current);

                ValueTask<bool> stalled = deltas.MoveNextAsync();
                await Task.Delay(50);
                Assert.False(stalled.IsCompleted); // really waiting on the stream, not spinning through
                var clock = Stopwatch.StartNew();
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stalled);
                Assert.True(clock.ElapsedMilliseconds < 2000, "cancel took " + clock.ElapsedMilliseconds + " ms");
                Assert.Equal("I'm", acc.Current.Content);
            }
            finally
            {
                await deltas.DisposeAsync();
            }
        }

        [Fact]
        public async Task AlreadyCanceledTokenReadsNothing()
        {
            var stream = new ScriptedStream(RealData.Bytes(UsageFile));
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => StreamRun.RunAsync(stream, new ChatStreamAccumulator(), cts.Token));
            Assert.Equal(0, stream.ReadCalls);
        }

        [Fact]
        public async Task BrokenConnectionBecomesStreamInterruptedWithThePartialText()
        {
            byte[] bytes = RealData.Bytes("chat-stream-no-usage.sse");
            var stream = new ScriptedStream(bytes, () => 97) { FailAt = bytes.Length / 2 };
            var acc = new ChatStreamAccumulator();
            var yielded = new List<string>();
            var ex = await Assert.ThrowsAsync<VivgridException>(async () =>
            {
                await foreach (string delta in SseStreamReader.ReadAsync(stream, acc)) yielded.Add(delta);
            });

            Assert.Equal(VivgridErrorId.StreamInterrupted, ex.ErrorId);
            Assert.Equal(VivgridErrorKind.ConnectionError, ex.Kind);
            Assert.True(ex.IsTransient);
            Assert.IsType<System.IO.IOException>(ex.InnerException);
            var partial = acc.Current;
            Assert.True(yielded.Count > 10);
            Assert.Equal(string.Concat(yielded), partial.Content);
            Assert.StartsWith(partial.Content, RealData.Expected("chat-stream-no-usage.sse").GetProperty("content").GetString());
            Assert.True(partial.Truncated);
        }

        [Fact]
        public async Task DoneStopsReadingEvenIfMoreBytesFollow()
        {
            byte[] original = RealData.Bytes(UsageFile);
            byte[] extra = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"delta\":{\"content\":\"AFTER\"}}]}\n\n");
            byte[] all = original.Concat(Enumerable.Repeat(extra, 50).SelectMany(b => b)).ToArray();
            var stream = new ScriptedStream(all, () => 64);
            (List<string> deltas, ChatCompletion result) = await StreamRun.RunAsync(stream, new ChatStreamAccumulator());
            Assert.DoesNotContain("AFTER", string.Concat(deltas));
            Assert.True(result.Done);
            Assert.True(stream.Position < original.Length + 64, "read on to " + stream.Position);
        }

        [Fact]
        public async Task ResponsesStreamStopsAtTheTerminalEvent()
        {
            byte[] original = RealData.Bytes("responses-stream.sse");
            byte[] extra = Encoding.UTF8.GetBytes("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"AFTER\"}\n\n");
            var acc = new ResponsesStreamAccumulator();
            (_, ChatCompletion result) = await StreamRun.RunAsync(new ScriptedStream(original.Concat(extra).ToArray()), acc);
            Assert.True(acc.IsTerminal);
            Assert.Equal("Hello! How can I assist you today?", result.Content);
        }

        [Fact]
        public async Task StreamEndingMidAnswerIsTruncatedNotAnError()
        {
            byte[] bytes = RealData.Bytes(UsageFile);
            int cut = EndOfFirstContentEvent(bytes) + 40; // in the middle of the next event
            (List<string> deltas, ChatCompletion result) = await StreamRun.RunAsync(
                new ScriptedStream(bytes.Take(cut).ToArray()), new ChatStreamAccumulator());
            Assert.Equal(new[] { "I'm" }, deltas);
            Assert.True(result.Truncated);
            Assert.False(result.Done);
            Assert.Null(result.FinishReason);
        }

        [Fact]
        public async Task StreamThatSentFinishReasonButLostDoneIsNotTruncated()
        {
            string text = Encoding.UTF8.GetString(RealData.Bytes(UsageFile));
            byte[] withoutDone = Encoding.UTF8.GetBytes(text.Substring(0, text.IndexOf("data: [DONE]", StringComparison.Ordinal)));
            (_, ChatCompletion result) = await StreamRun.RunAsync(new ScriptedStream(withoutDone), new ChatStreamAccumulator());
            Assert.False(result.Done);
            Assert.Equal("stop", result.FinishReason);
            Assert.False(result.Truncated);
            Assert.Equal(26, result.Usage!.InputTokens);
        }

        [Fact]
        public async Task MalformedEventIsSkippedAndTheRestStillFlows()
        {
            const string sse = "data: {\"choices\":[{\"delta\":{\"content\":\"one \"}}]}\n\n" +
                               "data: {\"choices\":[{\"delta\":{\"content\":\"LOST\"}}]\n\n" +
                               ": keep-alive\n\n" +
                               "event: weird\ndata: {\"choices\":[{\"delta\":{\"content\":\"two\"},\"finish_reason\":\"stop\"}]}\n\n" +
                               "data: [DONE]\n\n";
            (List<string> deltas, ChatCompletion result) = await StreamRun.RunAsync(
                new ScriptedStream(Encoding.UTF8.GetBytes(sse)), new ChatStreamAccumulator());
            Assert.Equal(new[] { "one ", "two" }, deltas);
            Assert.Equal(1, result.MalformedEventCount);
            Assert.False(string.IsNullOrEmpty(result.LastMalformedError));
            Assert.DoesNotContain("LOST", result.LastMalformedError); // parser position, never payload text
            Assert.True(result.Done);
        }

        [Fact]
        public async Task EmptyStreamIsTruncatedWithNothing()
        {
            (List<string> deltas, ChatCompletion result) = await StreamRun.RunAsync(
                new ScriptedStream(Array.Empty<byte>()), new ChatStreamAccumulator());
            Assert.Empty(deltas);
            Assert.True(result.Truncated);
            Assert.Equal(string.Empty, result.Content);
        }

        [Fact]
        public void NullArgumentsAreRejected()
        {
            Assert.Throws<ArgumentNullException>(() => SseStreamReader.ReadAsync(null!, new ChatStreamAccumulator()).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());
            Assert.Throws<ArgumentNullException>(() => SseStreamReader.ReadAsync(new ScriptedStream(Array.Empty<byte>()), null!).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());
        }
    }
}
