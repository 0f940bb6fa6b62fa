using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Streaming;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>Drives <see cref="SseStreamReader"/> over a stream and collects what it yielded.</summary>
    internal static class StreamRun
    {
        public static IStreamAccumulator AccumulatorFor(string kind)
            => kind == "responses-stream" ? new ResponsesStreamAccumulator() : new ChatStreamAccumulator();

        public static async Task<(List<string> Deltas, ChatCompletion Result)> RunAsync(Stream stream, IStreamAccumulator acc,
            CancellationToken ct = default)
        {
            var deltas = new List<string>();
            await foreach (string delta in SseStreamReader.ReadAsync(stream, acc, ct).ConfigureAwait(false)) deltas.Add(delta);
            return (deltas, acc.Current);
        }

        /// <summary>For property tests: the scripted streams complete synchronously, so blocking costs nothing.</summary>
        public static (List<string> Deltas, ChatCompletion Result) Run(byte[] bytes, string kind, System.Func<int>? chunks = null)
            => RunAsync(new ScriptedStream(bytes, chunks), AccumulatorFor(kind)).GetAwaiter().GetResult();
    }
}
