using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// The process's rate-limit gates, one per base URL and key, so every call that shares a limit (a -ThrottleLimit
    /// queue, ForEach-Object -Parallel runspaces, several cmdlets) shares its gate. The key is hashed, never stored as text.
    /// </summary>
    public static class RateLimitGates
    {
        private static readonly ConcurrentDictionary<string, RateLimitGate> Gates = new ConcurrentDictionary<string, RateLimitGate>();

        public static RateLimitGate For(VivgridConnection connection) =>
            Gates.GetOrAdd(Key(connection), _ => new RateLimitGate(connection.BaseUri.GetLeftPart(UriPartial.Authority)));

        private static string Key(VivgridConnection connection)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(connection.ApiKey ?? string.Empty));
            return connection.BaseUri.AbsoluteUri + "\n" + Convert.ToBase64String(hash);
        }
    }
}
