using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Streaming;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>SPEC: a stream that stalls (no bytes for the idle interval) fails instead of hanging forever.</summary>
    [Collection(TimingSensitiveCollection.Name)]
    public sealed class IdleTimeoutTests
    {
        private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(300);

        private static (TimeSpan, byte[]) After(int ms, string text) => (TimeSpan.FromMilliseconds(ms), Encoding.UTF8.GetBytes(text));

        private static async Task<List<string>> Drain(IAsyncEnumerable<string> deltas)
        {
            var list = new List<string>();
            await foreach (string d in deltas) list.Add(d);
            return list;
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task StallAfterTheFirstDeltaFailsWithTimeoutAndKeepsTheText(bool readIgnoresToken)
        {
            var stream = new TimedStream(new[] { After(0, "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n") }, hangAtEnd: true)
            {
                IgnoreToken = readIgnoresToken,
            };
            var acc = new ChatStreamAccumulator();
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<VivgridException>(() => Drain(SseStreamReader.ReadAsync(new IdleTimeoutStream(stream, Idle), acc)));
            Assert.Equal(VivgridErrorId.Timeout, ex.ErrorId);
            Assert.Equal(VivgridErrorKind.Timeout, ex.Kind);
            Assert.True(ex.IsTransient);
            Assert.Equal("Hel", acc.Current.Content);
            Assert.InRange(clock.ElapsedMilliseconds, 250, 5000);
            Assert.True(stream.WasDisposed || !readIgnoresToken);
        }

        [Fact]
        public async Task KeepAliveCommentsKeepASlowStreamAlive()
        {
            // 10 x 100 ms of comments = 1 s without events, but never 600 ms without bytes (wide margin: shared CI CPUs).
            var segments = Enumerable.Range(0, 10).Select(_ => After(100, ": OPENROUTER PROCESSING\n\n"))
                .Append(After(100, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n"))
                .Append(After(10, "data: [DONE]\n\n"));
            var acc = new ChatStreamAccumulator();
            var stream = new TimedStream(segments, hangAtEnd: true);
            List<string> deltas;
            try
            {
                deltas = await Drain(SseStreamReader.ReadAsync(new IdleTimeoutStream(stream, TimeSpan.FromMilliseconds(600)), acc));
            }
            catch (VivgridException ex)
            {
                throw new Xunit.Sdk.XunitException(ex.Message + " reads: " + string.Join(", ", stream.Log));
            }

            Assert.Equal(new[] { "ok" }, deltas);
            Assert.True(acc.Current.Done);
        }

        [Fact]
        public async Task UserCancelDuringIdleWaitIsACancelNotATimeout()
        {
            var stream = new TimedStream(new[] { After(0, ": hi\n\n") }, hangAtEnd: true);
            using var cts = new System.Threading.CancellationTokenSource(100);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => Drain(SseStreamReader.ReadAsync(new IdleTimeoutStream(stream, TimeSpan.FromSeconds(30)), new ChatStreamAccumulator(), cts.Token)));
        }
    }
}
