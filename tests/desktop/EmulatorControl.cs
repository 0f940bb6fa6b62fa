using System;
using System.Net.Http;
using System.Text;

namespace VivgridPS.DesktopCheck
{
    /// <summary>The emulator's /_emulator endpoints (reset, script, requests), over a plain HttpClient of this program.</summary>
    public sealed class EmulatorControl : IDisposable
    {
        private readonly HttpClient _client = new HttpClient();
        private readonly Uri _root;

        public EmulatorControl(Uri emulator)
        {
            // The emulator's API is under /v1; its control endpoints are at the root.
            _root = new Uri(emulator.GetLeftPart(UriPartial.Authority) + "/");
        }

        public void Reset() => Send(HttpMethod.Post, "_emulator/reset", null);

        public void Script(string json) => Send(HttpMethod.Post, "_emulator/script", json);

        /// <summary>How many /v1 requests reached the emulator since the last reset (each retry is one).</summary>
        public int RequestCount()
        {
            string body = Send(HttpMethod.Get, "_emulator/requests", null);
            int count = 0;
            for (int i = body.IndexOf("\"method\"", StringComparison.Ordinal); i >= 0; i = body.IndexOf("\"method\"", i + 1, StringComparison.Ordinal)) count++;
            return count;
        }

        public void Dispose() => _client.Dispose();

        private string Send(HttpMethod method, string path, string? json)
        {
            using var request = new HttpRequestMessage(method, new Uri(_root, path));
            if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            using HttpResponseMessage response = _client.SendAsync(request).GetAwaiter().GetResult();
            string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException("The emulator refused " + path + ": " + (int)response.StatusCode + " " + body);
            return body;
        }
    }
}
