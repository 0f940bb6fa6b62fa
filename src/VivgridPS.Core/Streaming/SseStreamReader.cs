using System;
using System.Collections.Generic;
using System.IO;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
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
        /// and the caller decides. A broken connection (IOException) becomes VivgridException StreamInterrupted
        /// carrying <c>acc.Current</c> (all text received so far) as PartialResult.
        /// </summary>
        /// <exception cref="OperationCanceledException">When <paramref name="ct"/> is canceled (checked on every event).</exception>
        public static IAsyncEnumerable<string> ReadAsync(Stream stream, IStreamAccumulator acc, CancellationToken ct = default)
            => ReadCoreAsync(stream, acc, idleTimeout: null, ResponseLimits.Default, ct);

        /// <summary>
        /// As <see cref="ReadAsync(Stream, IStreamAccumulator, CancellationToken)"/>, with the caps of
        /// <paramref name="limits"/> on one event: past it, VivgridException ResponseTooLarge with the partial result.
        /// </summary>
        public static IAsyncEnumerable<string> ReadAsync(Stream stream, IStreamAccumulator acc, ResponseLimits limits,
            CancellationToken ct = default)
            => ReadCoreAsync(stream, acc, idleTimeout: null, limits ?? throw new ArgumentNullException(nameof(limits)), ct);

        /// <summary>
        /// As <see cref="ReadAsync(Stream, IStreamAccumulator, CancellationToken)"/>, and fails when no bytes arrive for
        /// <paramref name="idleTimeout"/> (keep-alive comments count as bytes): VivgridException Timeout/Timeout with
        /// the partial result. The stalled body is disposed, which also stops reads that ignore the token.
        /// </summary>
        public static IAsyncEnumerable<string> ReadAsync(Stream stream, IStreamAccumulator acc, TimeSpan idleTimeout,
            CancellationToken ct = default)
        {
            if (idleTimeout <= TimeSpan.Zero && idleTimeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(idleTimeout), "The idle timeout must be positive or infinite.");
            }

            return ReadCoreAsync(stream, acc, idleTimeout == Timeout.InfiniteTimeSpan ? null : idleTimeout, ResponseLimits.Default, ct);
        }

        private static async IAsyncEnumerable<string> ReadCoreAsync(Stream stream, IStreamAccumulator acc, TimeSpan? idleTimeout,
            ResponseLimits limits, [EnumeratorCancellation] CancellationToken ct)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            if (acc is null) throw new ArgumentNullException(nameof(acc));
            ct.ThrowIfCancellationRequested();

            using IdleTimeoutStream? watched = idleTimeout is TimeSpan idle ? new IdleTimeoutStream(stream, idle) : null;
            if (watched != null) stream = watched;
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
                    if (!await MoveNextAsync(events, acc, ct).ConfigureAwait(false)) yield break;
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

        private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<SseItem<string?>> events, IStreamAccumulator acc,
            CancellationToken ct)
        {
            try
            {
                return await events.MoveNextAsync().ConfigureAwait(false);
            }
            catch (VivgridException ex) when (ex.ErrorId == VivgridErrorId.Timeout && ex.PartialResult is null)
            {
                // The idle timer of Http.IdleTimeoutStream fired: keep what had arrived.
                ex.PartialResult = acc.Current;
                ex.IsTransient = true;
                throw;
            }
            catch (VivgridException ex) when (ex.ErrorId == VivgridErrorId.ResponseTooLarge && ex.PartialResult is null)
            {
                // BoundedEventStream stopped a line that would not end: keep what the earlier events said.
                ex.PartialResult = acc.Current;
                throw;
            }
            catch (IOException ex)
            {
                // Some transports report a cancel as a broken connection; the caller asked for the cancel, say that.
                ct.ThrowIfCancellationRequested();
                throw new VivgridException(VivgridErrorId.StreamInterrupted, VivgridErrorKind.ConnectionError,
                    "The connection broke while the answer was streaming: " + ex.Message,
                    "Retry the request; the text received before the break is kept on the error's PartialResult.",
                    apiError: null, inner: ex)
                {
                    PartialResult = acc.Current,
                    IsTransient = true,
                };
            }
        }
    }
}
