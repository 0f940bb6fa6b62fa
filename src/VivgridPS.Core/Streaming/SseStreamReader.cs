using System;
using System.Collections.Generic;
using System.IO;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Streaming
{
    /// <summary>
    /// Reads a text/event-stream body and feeds each event to an accumulator, yielding text deltas as they arrive.
    /// </summary>
    /// <remarks>
    /// SSE framing is done by System.Net.ServerSentEvents (SseParser): it implements the WHATWG rules we rely on —
    /// LF, CR and CRLF line ends, comment lines (OpenRouter's ": OPENROUTER PROCESSING"), multi-line data joined with
    /// LF, lines split across reads, and UTF-8 sequences split across reads — and hands each event's data to us as a
    /// span over its own buffer, so the only per-event allocation left is the delta text itself. It reads whatever the
    /// stream has (it does not wait to fill a buffer), so a delta is yielded as soon as its event is complete.
    /// On netstandard2.0, IAsyncEnumerable comes from Microsoft.Bcl.AsyncInterfaces, which that package brings along.
    /// </remarks>
    public static class SseStreamReader
    {
        /// <summary>
        /// Yields each non-empty text delta. Stops after `data: [DONE]` or a terminal Responses event without reading
        /// further. A stream that simply ends early is not an error here: <see cref="ChatCompletion.Truncated"/> says so
        /// and the caller decides. A broken connection (IOException) becomes VivgridException StreamInterrupted; all text
        /// received so far stays on the accumulator, whose owner makes the partial result.
        /// </summary>
        /// <exception cref="OperationCanceledException">When <paramref name="ct"/> is canceled (checked on every event).</exception>
        /// <remarks>A stalled body is the stream's concern: wrap it in <see cref="IdleTimeoutStream"/> (ChatRunner does).</remarks>
        public static IAsyncEnumerable<string> ReadAsync(Stream stream, IStreamAccumulator acc, CancellationToken ct = default)
            => ReadAsync(stream, acc, ResponseLimits.Default, ct);

        /// <summary>
        /// As <see cref="ReadAsync(Stream, IStreamAccumulator, CancellationToken)"/>, with the cap of
        /// <paramref name="limits"/> on one event: past it, VivgridException ResponseTooLarge (the text so far stays on
        /// the accumulator).
        /// </summary>
        public static async IAsyncEnumerable<string> ReadAsync(Stream stream, IStreamAccumulator acc, ResponseLimits limits,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            if (acc is null) throw new ArgumentNullException(nameof(acc));
            if (limits is null) throw new ArgumentNullException(nameof(limits));
            ct.ThrowIfCancellationRequested();
            using var bounded = new BoundedEventStream(stream, limits.MaxEventBytes);
            stream = bounded;

            // The item parser runs inside SseParser while the event's bytes are still in its buffer: parsing there is
            // what lets the accumulator work on the span without copying it into a string first.
            SseParser<string?> parser = SseParser.Create(stream, (eventType, data) => acc.Apply(eventType, data));
            IAsyncEnumerator<SseItem<string?>> events = parser.EnumerateAsync(ct).GetAsyncEnumerator(ct);
            try
            {
                while (true)
                {
                    if (!await MoveNextAsync(events, ct).ConfigureAwait(false)) yield break;
                    ct.ThrowIfCancellationRequested();
                    string? delta = events.Current.Data;
                    if (delta != null) yield return delta;
                    if (acc.IsTerminal) yield break;
                }
            }
            finally
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
        }

        private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<SseItem<string?>> events, CancellationToken ct)
        {
            try
            {
                return await events.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (StreamReadFailure.Applies(ex))
            {
                throw StreamReadFailure.Translate(ex, ct);
            }
        }
    }
}
