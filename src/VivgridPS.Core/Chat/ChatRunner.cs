using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Core.Streaming;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Runs one chat call end to end and reports it as plain events: retries before the first byte, deltas as
    /// they are parsed, then the completion. Calls are always streamed on the wire (usage included), which gives
    /// progress, idle-timeout detection and partial results even when the user did not ask for -Stream; a server
    /// that answers with a plain JSON body anyway is handled too.
    /// Once text has been delivered nothing is replayed: a break after that ends with an Interrupted event that
    /// carries the partial outcome and the StreamInterrupted error.
    /// </summary>
    public sealed class ChatRunner
    {
        private readonly ApiTransport _transport;
        private readonly ChatCallOptions _options;

        public ChatRunner(ApiTransport transport, ChatCallOptions options)
        {
            _transport = transport;
            _options = options;
        }

        private readonly LiveCompletion _live = new LiveCompletion();

        /// <summary>What had arrived when the call ended; read it once the call is over.</summary>
        public ChatCompletion? Partial => _live.Snapshot();

        /// <summary>
        /// Ctrl+C: stops folding events in and returns what had arrived, race-free while the call still runs (see
        /// <see cref="LiveCompletion"/>). Null when no answer had started.
        /// </summary>
        public ChatCompletion? Freeze() => _live.Freeze();

        public async IAsyncEnumerable<ChatEvent> RunAsync(ChatRequest request,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_options.Timeout is { } limit) call.CancelAfter(limit);
            var guard = new CallGuard(call, cancellationToken, _options.Timeout);

            // A big prompt is encoded while it is sent, not held as a whole UTF-8 body (RequestBodyFactory).
            var body = RequestBodyFactory.Create(request);
            var path = request.Api == ChatApi.Responses ? "responses" : "chat/completions";
            var format = request.EffectiveWireFormat;
            var headers = format == WireFormat.Vivgrid ? VivgridFormatHeaders : null;
            if (_options.EmitDebug) yield return ChatEvent.Debug(DescribeRequest(path, body, headers));

            TimeSpan? firstToken = null;
            var gate = _transport.Gate;
            for (int retries = 0, freeRetries = 0; ; retries++)
            {
                // The gate waits out a pause another call hit and paces requests; the lease counts this call in flight.
                var lease = await guard.Run(() => gate.EnterAsync(call.Token)).ConfigureAwait(false);
                VivgridException? failure;
                var accepted = false;
                try
                {
                var attempt = await guard.Run(() => _transport.TrySendAsync(HttpMethod.Post, path, body, request.Stream, call.Token, headers)).ConfigureAwait(false);
                failure = attempt.Failure;
                accepted = attempt.Response is { IsSuccessStatusCode: true };
                if (attempt.Response is { } response)
                {
                    var accumulator = _live.Track(NewAccumulator(request.Api, format, _options.Limits.MaxAnswerChars));
                    var delivered = 0;
                    using (response)
                    {
                        if (_options.EmitDebug) yield return ChatEvent.Debug($"HTTP {(int)response.StatusCode} {response.Content.Headers.ContentType}");
                        if (IsJson(response) || IsHtml(response))
                        {
                            var read = await guard.Run(() => TryReadJsonBodyAsync(response, request.Api, call.Token)).ConfigureAwait(false);
                            // A 200 body can still carry {"error": ...} (gateways do that): it is that error, not an empty answer.
                            if (read.Completion?.StreamError != null) read = new JsonBodyRead(null, StreamEndFailure(read.Completion, _transport.Connection.ApiKey));
                            if (read.Completion is { } parsed)
                            {
                                _live.SetWhole(parsed);
                                if (!string.IsNullOrEmpty(parsed.Content))
                                {
                                    firstToken ??= clock.Elapsed;
                                    yield return ChatEvent.Delta(parsed.Content);
                                }
                                lease.Succeeded();
                                yield return ChatEvent.Completed(parsed, clock.Elapsed, firstToken, retries);
                                yield break;
                            }
                            // Nothing of a JSON body reaches the caller before it is whole, so a broken one is retried.
                            else failure = read.Failure;
                        }
                        else
                        {
                            var stream = new IdleTimeoutStream(
                                await guard.Run(() => ReadStreamAsync(response)).ConfigureAwait(false), _options.IdleTimeout, response);
                            var deltas = (format == WireFormat.Vivgrid
                                ? CompactStreamReader.ReadAsync(stream, accumulator, call.Token)
                                : SseStreamReader.ReadAsync(stream, accumulator, _options.Limits, call.Token)).GetAsyncEnumerator(call.Token);
                            try
                            {
                                while (true)
                                {
                                    var step = await guard.TryMoveNext(deltas).ConfigureAwait(false);
                                    if (step.Failure != null) { failure = step.Failure; break; }
                                    if (!step.HasValue) break;
                                    firstToken ??= clock.Elapsed;
                                    delivered++;
                                    yield return ChatEvent.Delta(deltas.Current);
                                }
                            }
                            finally
                            {
                                await deltas.DisposeAsync().ConfigureAwait(false);
                            }
                            var completion = accumulator.Current;
                            failure ??= StreamEndFailure(completion, _transport.Connection.ApiKey);
                            if (failure is null)
                            {
                                lease.Succeeded();
                                yield return ChatEvent.Completed(completion, clock.Elapsed, firstToken, retries);
                                yield break;
                            }
                            // Text shown, tokens billed, or an answer that is bad in itself (retrying would pay for it again):
                            // the call ends here with what arrived.
                            if (delivered > 0 || completion.Usage != null || ResponseFaults.IsContentFault(failure))
                            {
                                yield return ChatEvent.Interrupted(completion, clock.Elapsed, firstToken, retries, Interrupted(failure));
                                yield break;
                            }
                        }
                    }
                }
                }
                finally
                {
                    lease.Dispose();
                }
                if (ErrorClassifier.IsQuotaExhausted(failure!))
                {
                    // Waiting cannot fix an empty balance: the calls queued behind this one fail without being sent.
                    lease.QuotaExhausted(failure!);
                    throw failure!;
                }
                // Under -MaxCost an attempt the service accepted (and may bill) is not sent twice (ChatCallOptions).
                if (accepted && !_options.RetryAcceptedAttempts)
                    throw _transport.ShouldRetry(failure!, retries) ? NotRetriedUnderBudget(failure!) : failure!;
                var delay = _transport.Policy.GetDelay(retries + 1, failure!.RetryAfter);
                if (IsRateLimit(failure) && failure.IsTransient)
                {
                    var verdict = lease.RateLimited(delay, RateLimitReason(failure));
                    yield return ChatEvent.Throttled(verdict.Notice);
                    if (!verdict.CountsAsRetry && freeRetries++ < MaxFreeRetries)
                    {
                        retries--;
                        continue;
                    }
                    if (!_transport.ShouldRetry(failure, retries)) throw failure;
                    yield return ChatEvent.Retrying(new RetryNotice(retries + 1, _transport.Policy.MaxRetries, delay, failure.Message));
                    // The gate holds this request (and every other) until the pause is over.
                    continue;
                }
                if (!_transport.ShouldRetry(failure, retries)) throw failure;
                yield return ChatEvent.Retrying(new RetryNotice(retries + 1, _transport.Policy.MaxRetries, delay, failure.Message));
                await guard.Run(async () => { await Task.Delay(delay, call.Token).ConfigureAwait(false); return true; }).ConfigureAwait(false);
            }
        }

        private static VivgridException NotRetriedUnderBudget(VivgridException failure) =>
            failure.WithMessage(failure.Message + " It was not retried: the service had accepted the request and may bill it, " +
                "so a second attempt could pay twice past -MaxCost.", null);

        private static IStreamAccumulator NewAccumulator(ChatApi api, WireFormat format, int maxAnswerChars)
        {
            if (api == ChatApi.Responses) return new ResponsesStreamAccumulator(maxAnswerChars);
            return format == WireFormat.Vivgrid ? new CompactStreamAccumulator(maxAnswerChars) : new ChatStreamAccumulator(maxAnswerChars);
        }

        /// <summary>Asks for Vivgrid's compact stream (VIVGRID-API.md §2).</summary>
        private static readonly KeyValuePair<string, string>[] VivgridFormatHeaders = { new KeyValuePair<string, string>("X-Response-Format", "vivgrid") };

        /// <summary>Retries that a gate pause gives for free, bounded so a limit that never lifts still ends the call.</summary>
        private const int MaxFreeRetries = 50;

        /// <summary>A 429, or a 503 that says when to come back: the gate pauses for both.</summary>
        private static bool IsRateLimit(VivgridException failure) =>
            failure.HttpStatus == 429 || (failure.HttpStatus == 503 && failure.RetryAfter != null);

        private static string RateLimitReason(VivgridException failure) =>
            $"HTTP {failure.HttpStatus}" + (failure.RetryAfter is { } asked
                ? $", service asked to wait {asked.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s"
                : ", no Retry-After: back-off");

        private static IStreamAccumulator NewAccumulator(ChatApi api, int maxAnswerChars) =>
            api == ChatApi.Responses ? new ResponsesStreamAccumulator(maxAnswerChars) : (IStreamAccumulator)new ChatStreamAccumulator(maxAnswerChars);

        /// <summary>A captive portal or proxy login page answering 200: never a stream, and worth showing as text.</summary>
        private static bool IsHtml(HttpResponseMessage response) =>
            response.Content.Headers.ContentType?.MediaType?.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool IsJson(HttpResponseMessage response) =>
            string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

        private static async Task<System.IO.Stream> ReadStreamAsync(HttpResponseMessage response) =>
            await response.Content.ReadAsStreamAsync().ConfigureAwait(false);

        /// <summary>
        /// Reads a whole JSON body under the idle timeout (a body that stalls half-way must not hang the call until
        /// -TimeoutSec) and parses it. A body that breaks off or stalls is a transient failure (nothing was shown yet);
        /// a body that arrived whole but is not JSON we understand throws MalformedResponse.
        /// </summary>
        private async Task<JsonBodyRead> TryReadJsonBodyAsync(HttpResponseMessage response, ChatApi api, CancellationToken token)
        {
            byte[] bytes;
            try
            {
                var limit = _options.Limits.MaxBodyBytes;
                if (response.Content.Headers.ContentLength > limit) return new JsonBodyRead(null, BodyTooLarge(limit));
                using var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), _options.IdleTimeout, response);
                bytes = await BoundedBody.ReadAsync(body, limit, token).ConfigureAwait(false);
                if (bytes.Length > limit) return new JsonBodyRead(null, BodyTooLarge(limit));
            }
            catch (VivgridException e)
            {
                return new JsonBodyRead(null, e.AsTransient());
            }
            catch (Exception e) when (e is System.IO.IOException || e is HttpRequestException || e is ObjectDisposedException)
            {
                token.ThrowIfCancellationRequested();
                return new JsonBodyRead(null, new VivgridException(VivgridErrorId.StreamInterrupted, VivgridErrorKind.ConnectionError,
                    "The connection broke while the answer was being received: " + SecretRedactor.Redact(e.Message, _transport.Connection.ApiKey),
                    "Retry the call; if it keeps happening, a proxy may be cutting long responses.")
                { IsTransient = true });
            }
            token.ThrowIfCancellationRequested();
            if (IsHtml(response)) throw HtmlInsteadOfAnswer(response, bytes);
            return new JsonBodyRead(api == ChatApi.Responses ? ResponsesParser.Parse(bytes) : ChatCompletionParser.Parse(bytes), null);
        }

        /// <summary>JSON is only an answer once whole: a body past the cap has no partial text to keep.</summary>
        private static VivgridException BodyTooLarge(int limit) => ResponseFaults.TooLarge("a response body", limit, "bytes");

        private VivgridException HtmlInsteadOfAnswer(HttpResponseMessage response, byte[] bytes)
        {
            var key = _transport.Connection.ApiKey;
            var page = ApiErrorParser.Parse((int)response.StatusCode, Encoding.UTF8.GetString(bytes), "text/html");
            page.RawBody = SecretRedactor.Redact(page.RawBody, key);
            return new VivgridException(VivgridErrorId.MalformedResponse, VivgridErrorKind.ProtocolError,
                "The service answered with a web page instead of an API response: " + page.RawBody,
                "A proxy or captive portal is in the way; check -BaseUri, HTTPS_PROXY and that you are logged in to the network.", page);
        }

        private readonly struct JsonBodyRead
        {
            public JsonBodyRead(ChatCompletion? completion, VivgridException? failure)
            {
                Completion = completion;
                Failure = failure;
            }

            public ChatCompletion? Completion { get; }
            public VivgridException? Failure { get; }
        }

        /// <summary>
        /// A stream that ended without its terminator, or that carried an error event, is a failure. Before any
        /// text it may be retried like a connection failure; after text it becomes an interruption.
        /// </summary>
        private static VivgridException? StreamEndFailure(ChatCompletion completion, string? apiKey)
        {
            if (completion.StreamError is { } error)
            {
                if (error.HttpStatus is null) error.HttpStatus = StatusFor(error);
                return ErrorClassifier.FromHttp(error, apiKey, null);
            }
            if (completion.MalformedEventCount > 0)
            {
                // Nothing is dropped silently: an event we could not read may have carried text or the usage.
                return ResponseFaults.Malformed(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "{0} of {1} streamed events could not be read (last: {2}); the answer may be missing text.",
                    completion.MalformedEventCount, completion.EventCount, completion.LastMalformedError));
            }
            if (completion.Done || completion.FinishReason != null) return null;
            return new VivgridException(VivgridErrorId.StreamInterrupted, VivgridErrorKind.ConnectionError,
                "The response stream ended before the answer was complete.",
                "Retry the call; if it keeps happening, a proxy may be cutting long responses.")
            { IsTransient = true };
        }

        private static int StatusFor(ApiError error)
        {
            if (int.TryParse(error.Code, out var numeric) && numeric >= 400 && numeric < 600) return numeric;
            var what = (error.Code ?? error.Type ?? string.Empty).ToLowerInvariant();
            if (what.Contains("rate_limit") || what.Contains("quota")) return 429;
            if (what.Contains("context_length")) return 400;
            return 500;
        }

        private static VivgridException Interrupted(VivgridException cause)
        {
            // Too large or malformed says more than "interrupted": the error keeps its id and words.
            if (ResponseFaults.IsContentFault(cause)) return cause;
            var message = "The answer was interrupted after it had started; the text received so far is kept. " + cause.Message;
            return new VivgridException(VivgridErrorId.StreamInterrupted, cause.Kind, message,
                "Re-run the call for a complete answer; the partial result has FinishReason 'interrupted'.", cause.ApiError, cause);
        }

        private string DescribeRequest(string path, RequestContent body, IReadOnlyList<KeyValuePair<string, string>>? headers)
        {
            var limit = _options.DebugLimitChars;
            var text = body.Preview(limit);
            var length = body.Length;
            // A big body is encoded while it is sent (RequestBodyFactory); -Debug says so, as it explains the memory use.
            var more = length > limit ? $"... ({length:N0} bytes in all{(body.IsStreamed ? ", encoded while sent" : string.Empty)})" : string.Empty;
            var key = _transport.Connection.ApiKey;
            var extra = new StringBuilder();
            if (headers != null) foreach (var header in headers) extra.Append(header.Key).Append(": ").Append(header.Value).Append('\n');
            return SecretRedactor.Redact($"POST {_transport.Connection.Resolve(path)}\nAuthorization: Bearer {SecretRedactor.Mask}\n{extra}{text}{more}", key);
        }
    }
}
