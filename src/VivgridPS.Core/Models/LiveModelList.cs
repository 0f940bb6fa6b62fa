using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// Fetches the live model ids (GET {base}/models) and caches them per process per base URI, so Get-VivgridModel and
    /// tab completion do not call the service every time. Failures are VivgridExceptions whose messages never contain the key.
    /// </summary>
    public sealed class LiveModelList
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
        private const int MaxErrorBodyChars = 300;

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

        public async Task<IReadOnlyList<string>> FetchIdsAsync(Uri baseUri, string apiKey, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var uri = ModelsUri(baseUri);
            RefuseUnencryptedKey(uri);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeoutSource.Token).ConfigureAwait(false);
                byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) throw StatusError(response.StatusCode, body, apiKey);
                return ModelListParser.ParseIds(body);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new VivgridException(VivgridErrorId.Timeout, VivgridErrorKind.Timeout,
                    "GET " + uri + " did not answer within " + timeout.TotalSeconds + " s.", inner: ex) { IsTransient = true };
            }
            catch (HttpRequestException ex)
            {
                throw new VivgridException(VivgridErrorId.ConnectionFailed, VivgridErrorKind.ConnectionError,
                    "GET " + uri + " failed: " + SecretRedactor.Redact(ex.Message, apiKey), inner: null) { IsTransient = true };
            }
        }

        /// <summary>{base}/models, keeping any path prefix of the base (https://host/v1 → https://host/v1/models).</summary>
        public static Uri ModelsUri(Uri baseUri)
        {
            string text = baseUri.AbsoluteUri;
            return new Uri(text.TrimEnd('/') + "/models");
        }

        // SPEC §3: the key never travels over plain http to a host other than loopback. Get-VivgridModel has no override.
        private static void RefuseUnencryptedKey(Uri uri)
        {
            if (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback) return;
            throw new VivgridException(VivgridErrorId.UnencryptedAuthentication, VivgridErrorKind.InvalidArgument,
                "Refusing to send the API key over unencrypted " + uri.Scheme + " to " + uri.Host + ".",
                "Use an https:// base URI.");
        }

        private static VivgridException StatusError(HttpStatusCode status, byte[] body, string apiKey)
        {
            int code = (int)status;
            string text = SecretRedactor.Redact(Truncate(Encoding.UTF8.GetString(body)), apiKey);
            var apiError = new ApiError { HttpStatus = code, RawBody = text, Message = text };
            string message = "GET /models answered HTTP " + code + " " + status + (text.Length > 0 ? ": " + text : ".");
            if (code == 401)
                return new VivgridException(VivgridErrorId.ApiKeyRejected, VivgridErrorKind.Authentication, message, "Check $env:VIVGRID_API_KEY or -ApiKey.", apiError);
            if (code == 403)
                return new VivgridException(VivgridErrorId.PermissionDenied, VivgridErrorKind.PermissionDenied, message, apiError: apiError);
            if (code == 429)
                return new VivgridException(VivgridErrorId.RateLimited, VivgridErrorKind.LimitsExceeded, message, apiError: apiError) { IsTransient = true };
            return new VivgridException(VivgridErrorId.ServerError, code >= 500 ? VivgridErrorKind.ResourceUnavailable : VivgridErrorKind.ProtocolError,
                message, apiError: apiError) { IsTransient = code >= 500 };
        }

        private static string Truncate(string text)
        {
            text = text.Trim();
            return text.Length <= MaxErrorBodyChars ? text : text.Substring(0, MaxErrorBodyChars) + "…";
        }
    }
}
