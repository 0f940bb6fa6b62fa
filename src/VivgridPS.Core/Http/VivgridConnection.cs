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
            CheckKeyCharacters(ApiKey);
            if (BaseUri.Scheme == Uri.UriSchemeHttp && !IsLoopback(BaseUri) && !AllowUnencryptedAuthentication)
            {
                throw new VivgridException(VivgridErrorId.UnencryptedAuthentication, VivgridErrorKind.InvalidArgument,
                    $"Refusing to send the API key over unencrypted http:// to '{BaseUri.Host}'.",
                    "Use an https:// base URI, or pass -AllowUnencryptedAuthentication if you accept the risk.")
                { Target = BaseUri };
            }
        }

        /// <summary>
        /// An HTTP header carries printable ASCII only: a key with a line break (a pasted key with its newline) or a
        /// non-ASCII character (a curly quote) would fail deep in HttpClient as an "unexpected" or connection error.
        /// The message names the position and kind, never the character itself or the key.
        /// </summary>
        private static void CheckKeyCharacters(string key)
        {
            for (var i = 0; i < key.Length; i++)
            {
                var c = key[i];
                if (c >= 0x21 && c <= 0x7E) continue;
                var what = c == '\r' || c == '\n' ? "a line break" : c < 0x80 ? "a control character or space" : "a non-ASCII character";
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    $"The API key contains {what} at position {i + 1}; an HTTP header cannot carry it, so nothing was sent.",
                    "Copy the key again from the Vivgrid console (printable ASCII only) into $env:VIVGRID_API_KEY or -ApiKey.");
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
