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
    /// Fetches the live model ids (GET {base}/models) and caches them per process per base URI, so Get-VivgridModel and
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

        /// <summary>The cached list for <paramref name="baseUri"/>, fetching it on first use or when <paramref name="refresh"/> is set.</summary>
        public async Task<IReadOnlyList<string>> GetIdsAsync(Uri baseUri, string apiKey, bool refresh, TimeSpan timeout, CancellationToken cancellationToken)
        {
            string key = baseUri.AbsoluteUri.TrimEnd('/');
            if (!refresh && Cache.TryGetValue(key, out var cached)) return cached;
            var ids = await FetchIdsAsync(baseUri, apiKey, timeout, cancellationToken).ConfigureAwait(false);
            Cache[key] = ids;
            return ids;
        }

        /// <summary>
        /// One GET {base}/models through the same transport as chat calls, so the key rules (no key, no plain http to a
        /// remote host), error classification and redaction are the ones every other call gets. Not retried: a failure
        /// here is only a warning, and the catalog is shown anyway.
        /// </summary>
        public async Task<IReadOnlyList<string>> FetchIdsAsync(Uri baseUri, string apiKey, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var connection = new VivgridConnection(baseUri, apiKey);
            var transport = new ApiTransport(_http, connection, new RetryPolicy(maxRetries: 0), timeout);
            var attempt = await transport.TrySendAsync(HttpMethod.Get, "models", (RequestContent?)null, acceptStream: false, cancellationToken).ConfigureAwait(false);
            if (attempt.Failure != null) throw attempt.Failure;
            using var response = attempt.Response!;
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                using var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), timeout, response);
                using var buffer = new System.IO.MemoryStream();
                await body.CopyToAsync(buffer, 81920, timeoutSource.Token).ConfigureAwait(false);
                return ModelListParser.ParseIds(buffer.ToArray());
            }
            catch (Exception e) when (e is System.IO.IOException || e is HttpRequestException)
            {
                throw new VivgridException(VivgridErrorId.ConnectionFailed, VivgridErrorKind.ConnectionError,
                    "GET " + ModelsUri(baseUri) + " broke off: " + SecretRedactor.Redact(e.Message, apiKey), inner: null) { IsTransient = true };
            }
        }

        /// <summary>{base}/models, keeping any path prefix of the base (https://host/v1 → https://host/v1/models).</summary>
        public static Uri ModelsUri(Uri baseUri) => new VivgridConnection(baseUri, null).Resolve("models");
    }
}
