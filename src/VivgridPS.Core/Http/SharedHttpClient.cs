using System;
using System.Net;
using System.Net.Http;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// One HttpClient for the whole process: connection reuse, and safe from many runspaces at once
    /// (HttpClient's send methods are thread-safe; nothing per-request is set on the instance).
    /// Per-request timeouts are enforced with cancellation tokens, so the client's own Timeout is infinite.
    /// </summary>
    public static class SharedHttpClient
    {
        private static readonly Lazy<HttpClient> LazyInstance = new Lazy<HttpClient>(Create, isThreadSafe: true);

        public static HttpClient Instance => LazyInstance.Value;

        private static HttpClient Create()
        {
#if NET8_0_OR_GREATER
            var handler = new SocketsHttpHandler
            {
                // Refresh pooled connections now and then so DNS changes are seen by long-running sessions.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 256,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
                UseProxy = true,
                // HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured by the default system proxy on .NET.
                Proxy = HttpClient.DefaultProxy,
                ConnectTimeout = TimeSpan.FromSeconds(30),
                // A redirect would turn the POST into a GET (301/302) and could carry the call to another host: a 3xx
                // is reported as an error naming the Location instead (ApiTransport), never followed.
                AllowAutoRedirect = false,
            };
#else
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseProxy = true,
                MaxConnectionsPerServer = 256,
                AllowAutoRedirect = false, // see above
            };
#endif
            return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }
    }
}
