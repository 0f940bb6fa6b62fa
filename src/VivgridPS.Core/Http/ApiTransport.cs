using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// Sends one attempt of an API request and decides, by the retry rules of SPEC §3, whether a failure deserves
    /// another. The caller (ChatRunner) runs the loop, so it can report each retry as it happens and decide what a
    /// stream that breaks after its first byte means: replaying it could duplicate text.
    /// </summary>
    public sealed class ApiTransport
    {
        private const int MaxErrorBodyChars = 64 * 1024;
        private static readonly string UserAgent = "VivgridPS/" + typeof(ApiTransport).Assembly.GetName().Version?.ToString(3);
        private readonly HttpClient _client;
        private readonly VivgridConnection _connection;
        private readonly RetryPolicy _retry;
        private readonly TimeSpan _firstByteTimeout;

        private readonly string? _timeoutParameter;

        /// <param name="timeoutParameter">The parameter that sets <paramref name="firstByteTimeout"/>, named in timeout
        /// errors (Invoke-VivgridChat: -IdleTimeoutSec); null when the user cannot set it.</param>
        public ApiTransport(HttpClient client, VivgridConnection connection, RetryPolicy retry, TimeSpan firstByteTimeout,
            string? timeoutParameter = "-IdleTimeoutSec", RateLimitGate? gate = null)
        {
            Gate = gate ?? RateLimitGates.For(connection);
            _timeoutParameter = timeoutParameter;
            _client = client;
            _connection = connection;
            _retry = retry;
            _firstByteTimeout = firstByteTimeout;
        }

        /// <summary>Whether a failure after <paramref name="retriesSoFar"/> retries deserves another attempt.</summary>
        public bool ShouldRetry(VivgridException failure, int retriesSoFar) =>
            failure.IsTransient && retriesSoFar < _retry.MaxRetries
            && !(failure.RetryAfter is { } asked && asked > _retry.MaxRetryAfter);

        /// <summary>
        /// One attempt: the response when it succeeded, else the typed failure (transient or not), never both.
        /// The body may be streamed; each attempt sends it afresh.
        /// </summary>
        public async Task<AttemptOutcome> TrySendAsync(HttpMethod method, string path, RequestContent? body,
            bool acceptStream, CancellationToken cancellationToken, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
        {
            _connection.EnsureUsable();
            try
            {
                var response = await SendOnceAsync(method, path, body, acceptStream, headers, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return new AttemptOutcome(response, null);
                return new AttemptOutcome(null, await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false));
            }
            catch (VivgridException e)
            {
                return new AttemptOutcome(null, e);
            }
        }

        public RetryPolicy Policy => _retry;

        /// <summary>The rate limit this transport's calls share with every other call to the same base URL and key.</summary>
        public RateLimitGate Gate { get; }

        public VivgridConnection Connection => _connection;

        private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, RequestContent? body,
            bool acceptStream, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
        {
            using var request = CreateRequest(method, path, body, acceptStream);
            if (headers != null) foreach (var header in headers) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            using var firstByte = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            firstByte.CancelAfter(_firstByteTimeout);
            try
            {
                return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, firstByte.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new VivgridException(VivgridErrorId.Timeout, VivgridErrorKind.Timeout,
                    $"No response from {_connection.BaseUri.Host} within {_firstByteTimeout.TotalSeconds:0.###} s.",
                    _timeoutParameter is null ? "The service may be overloaded; retry later."
                        : $"The service may be overloaded; retry later or raise {_timeoutParameter}.")
                { IsTransient = true };
            }
            catch (HttpRequestException e)
            {
                throw new VivgridException(VivgridErrorId.ConnectionFailed, VivgridErrorKind.ConnectionError,
                    $"Could not reach {_connection.BaseUri.GetLeftPart(UriPartial.Authority)}: {SecretRedactor.Redact(e.Message, _connection.ApiKey)}",
                    "Check the network, proxy settings (HTTPS_PROXY/NO_PROXY) and -BaseUri.", inner: null)
                { IsTransient = true };
            }
        }

        private HttpRequestMessage CreateRequest(HttpMethod method, string path, RequestContent? body, bool acceptStream)
        {
            var request = new HttpRequestMessage(method, _connection.Resolve(path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _connection.ApiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(acceptStream ? "text/event-stream" : "application/json"));
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (body != null) request.Content = body.CreateHttpContent();
            return request;
        }

        private async Task<VivgridException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status >= 300 && status < 400) return Redirected(response, status);
                var text = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
                var error = ApiErrorParser.Parse((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
                error.HttpStatus = (int)response.StatusCode;
                if (response.Headers.TryGetValues("x-request-id", out var ids))
                {
                    foreach (var id in ids) { error.RequestId = id; break; }
                }
                var retryAfter = RetryAfterParser.Parse(response.Headers, DateTimeOffset.UtcNow);
                return ErrorClassifier.FromHttp(error, _connection.ApiKey, retryAfter);
            }
        }

        /// <summary>
        /// Redirects are never followed (SharedHttpClient): following one turns a POST into a GET (so an empty "answer"
        /// looked like success) and may send the key to another host. Saying where the service pointed is what helps.
        /// </summary>
        private VivgridException Redirected(HttpResponseMessage response, int status)
        {
            var location = response.Headers.Location;
            var target = location is null ? "(no Location header)"
                : (location.IsAbsoluteUri ? location : new Uri(response.RequestMessage?.RequestUri ?? _connection.BaseUri, location)).ToString();
            target = SecretRedactor.Redact(target, _connection.ApiKey);
            return new VivgridException(VivgridErrorId.UnexpectedRedirect, VivgridErrorKind.ProtocolError,
                $"The service answered HTTP {status} redirecting to {target}; redirects are not followed, so the request and the API key were not sent there.",
                "If that address is the right API endpoint and you trust it, set -BaseUri / $env:VIVGRID_BASE_URL to it.",
                new ApiError { HttpStatus = status, RawBody = target });
        }

        /// <summary>
        /// Reads at most <see cref="MaxErrorBodyChars"/> bytes of an error body, for no longer than the first-byte
        /// timeout. An error page that stalls or never ends (a proxy holding the connection) must not hang the call:
        /// the status alone already says what happened, so whatever arrived in time is enough.
        /// </summary>
        private async Task<string?> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var buffer = new byte[MaxErrorBodyChars];
            var filled = 0;
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(_firstByteTimeout);
            try
            {
                using var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), _firstByteTimeout);
                int read;
                while (filled < buffer.Length && (read = await body.ReadAsync(buffer, filled, buffer.Length - filled, bounded.Token).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested
                && (e is OperationCanceledException || e is HttpRequestException || e is System.IO.IOException
                    || e is ObjectDisposedException || e is VivgridException))
            {
                // The error body itself broke off or stalled; keep what arrived.
            }
            cancellationToken.ThrowIfCancellationRequested();
            return filled == 0 ? null : new System.Text.UTF8Encoding(false, false).GetString(buffer, 0, filled);
        }
    }
}
