using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// A coarse guard, not a benchmark (build.ps1 -Task Bench measures properly): warmed parsing runs at several hundred
    /// MB/s, so a limit of 5 MB/s only trips on an accidental quadratic (string concatenation per delta, re-parsing).
    /// </summary>
    public sealed class StreamThroughputTests
    {
        [Theory]
        [InlineData("chat-stream-deepseek-emoji.sse")]
        [InlineData("responses-stream-reasoning-summary.sse")]
        public async Task LargestRecordingsParseFarAboveTheGuardRate(string file)
        {
            byte[] bytes = RealData.Bytes(file);
            string kind = RealData.Expected(file).GetProperty("kind").GetString()!;
            await StreamRun.RunAsync(new MemoryStream(bytes), StreamRun.AccumulatorFor(kind)); // JIT warm-up
            const int Rounds = 10;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Rounds; i++) await StreamRun.RunAsync(new MemoryStream(bytes), StreamRun.AccumulatorFor(kind));
            double megabytesPerSecond = bytes.Length * (double)Rounds / clock.Elapsed.TotalSeconds / 1e6;
            Assert.True(megabytesPerSecond > 5, file + " parsed at only " + megabytesPerSecond.ToString("F1") + " MB/s");
        }
    }
}
