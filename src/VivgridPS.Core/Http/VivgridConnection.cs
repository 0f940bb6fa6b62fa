using System;
using System.Net;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Http
{
    /// <summary>Where to send requests and with which key. The key is held only in memory and never formatted.</summary>
    public sealed class VivgridConnection
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://api.vivgrid.com/v1/");

        public VivgridConnection(Uri? baseUri, string? apiKey, bool allowUnencryptedAuthentication = false)
        {
            BaseUri = NormalizeBase(baseUri ?? DefaultBaseUri);
            ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey!.Trim();
            AllowUnencryptedAuthentication = allowUnencryptedAuthentication;
        }

        /// <summary>
        /// The connection every cmdlet uses: explicit parameters first, then $env:VIVGRID_API_KEY and
        /// $env:VIVGRID_BASE_URL, then the public endpoint. A malformed VIVGRID_BASE_URL is an error, not silently ignored.
        /// </summary>
        public static VivgridConnection FromEnvironment(Uri? baseUri, string? apiKey, bool allowUnencryptedAuthentication,
            Func<string, string?>? getEnvironmentVariable = null)
        {
            var getEnv = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
            return new VivgridConnection(baseUri ?? EnvironmentUri(getEnv("VIVGRID_BASE_URL")),
                string.IsNullOrWhiteSpace(apiKey) ? getEnv("VIVGRID_API_KEY") : apiKey, allowUnencryptedAuthentication);
        }

        private static Uri? EnvironmentUri(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var uri)) return uri;
            throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                $"$env:VIVGRID_BASE_URL is not an absolute URI: '{text}'.", "Set $env:VIVGRID_BASE_URL to something like https://api.vivgrid.com/v1.");
        }

        public Uri BaseUri { get; }
        public string? ApiKey { get; }
        public bool AllowUnencryptedAuthentication { get; }

        /// <summary>Resolves a path such as "chat/completions" against the base, keeping the base's /v1 segment.</summary>
        public Uri Resolve(string relativePath) => new Uri(BaseUri, relativePath.TrimStart('/'));

        /// <summary>
        /// Refuses to send what must not be sent: no key at all, or the key in clear text to a remote host
        /// (same rule as Invoke-RestMethod's -AllowUnencryptedAuthentication; loopback is exempt for local gateways).
        /// </summary>
        public void EnsureUsable()
        {
            if (ApiKey is null)
            {
                throw new VivgridException(VivgridErrorId.ApiKeyMissing, VivgridErrorKind.Authentication,
                    "No Vivgrid API key was given.",
                    "Set $env:VIVGRID_API_KEY, or pass -ApiKey (Read-Host -AsSecureString).");
            }
            if (BaseUri.Scheme == Uri.UriSchemeHttp && !IsLoopback(BaseUri) && !AllowUnencryptedAuthentication)
            {
                throw new VivgridException(VivgridErrorId.UnencryptedAuthentication, VivgridErrorKind.InvalidArgument,
                    $"Refusing to send the API key over unencrypted http:// to '{BaseUri.Host}'.",
                    "Use an https:// base URI, or pass -AllowUnencryptedAuthentication if you accept the risk.")
                { Target = BaseUri };
            }
        }

        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
        }

        private static Uri NormalizeBase(Uri uri)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    $"The base URI '{uri}' is not an absolute http(s) URI.",
                    "Pass -BaseUri https://api.vivgrid.com/v1 or set $env:VIVGRID_BASE_URL.");
            }
            // Uri resolution drops the last segment unless the base ends with '/': ".../v1" + "models" must stay under v1.
            var text = uri.GetLeftPart(UriPartial.Path);
            return text.EndsWith("/", StringComparison.Ordinal) ? new Uri(text) : new Uri(text + "/");
        }
    }
}
