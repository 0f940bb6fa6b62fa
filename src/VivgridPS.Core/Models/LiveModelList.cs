using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// Fetches the live model ids (GET {base}/models) and caches them per process per base URI and key, so Get-VivgridModel and
    /// tab completion do not call the service every time. Failures are VivgridExceptions whose messages never contain the key.
    /// </summary>
    public sealed class LiveModelList
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

        private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Cache =
            new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

        private readonly HttpClient _http;

        public LiveModelList(HttpClient http)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
        }

        /// <summary>
        /// The cached list for <paramref name="baseUri"/> and <paramref name="apiKey"/> (two keys may see different
        /// models, and a list fetched from one base URL says nothing about another), fetching it on first use or when
        /// <paramref name="refresh"/> is set.
        /// </summary>
        public async Task<IReadOnlyList<string>> GetIdsAsync(Uri baseUri, string apiKey, bool refresh, TimeSpan timeout, CancellationToken cancellationToken)
        {
            string key = CacheKey(baseUri, apiKey);
            if (!refresh && Cache.TryGetValue(key, out var cached)) return cached;
            var ids = await FetchIdsAsync(baseUri, apiKey, timeout, cancellationToken).ConfigureAwait(false);
            Cache[key] = ids;
            return ids;
        }

        /// <summary>The base URL and a hash of the key: the key itself is never kept beyond the call.</summary>
        internal static string CacheKey(Uri baseUri, string? apiKey)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(apiKey ?? string.Empty));
            return baseUri.AbsoluteUri.TrimEnd('/') + " " + BitConverter.ToString(hash).Replace("-", string.Empty);
        }

        /// <summary>
        /// One GET {base}/models through the same transport as chat calls, so the key rules (no key, no plain http to a
        /// remote host), error classification and redaction are the ones every other call gets. Not retried: a failure
        /// here is only a warning, and the catalog is shown anyway. Every failure but the caller's own cancel is a
        /// VivgridException (a stall is Timeout, a body past ResponseLimits.MaxBodyBytes is ResponseTooLarge).
        /// </summary>
        public async Task<IReadOnlyList<string>> FetchIdsAsync(Uri baseUri, string apiKey, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var connection = new VivgridConnection(baseUri, apiKey);
            var transport = new ApiTransport(_http, connection, new RetryPolicy(maxRetries: 0), timeout, timeoutParameter: null);
            var attempt = await transport.TrySendAsync(HttpMethod.Get, "models", (RequestContent?)null, acceptStream: false, cancellationToken).ConfigureAwait(false);
            if (attempt.Failure != null) throw attempt.Failure;
            using var response = attempt.Response!;
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                using var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), timeout, response);
                var limit = ResponseLimits.Default.MaxBodyBytes;
                var bytes = await BoundedBody.ReadAsync(body, limit, timeoutSource.Token).ConfigureAwait(false);
                if (bytes.Length > limit) throw ResponseFaults.TooLarge("a model list", limit, "bytes");
                return ModelListParser.ParseIds(bytes);
            }
            catch (Exception e) when (e is System.IO.IOException || e is HttpRequestException || e is ObjectDisposedException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new VivgridException(VivgridErrorId.ConnectionFailed, VivgridErrorKind.ConnectionError,
                    "GET " + ModelsUri(baseUri) + " broke off: " + SecretRedactor.Redact(e.Message, apiKey), inner: null) { IsTransient = true };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new VivgridException(VivgridErrorId.Timeout, VivgridErrorKind.Timeout,
                    $"GET {ModelsUri(baseUri)} did not finish within {timeout.TotalSeconds:0.###} s.",
                    "The service may be overloaded; the catalog is shown meanwhile. Retry later with -Refresh.") { IsTransient = true };
            }
        }

        /// <summary>{base}/models, keeping any path prefix of the base (https://host/v1 → https://host/v1/models).</summary>
        public static Uri ModelsUri(Uri baseUri) => new VivgridConnection(baseUri, null).Resolve("models");
    }
}
