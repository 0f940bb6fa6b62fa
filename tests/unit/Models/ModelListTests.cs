using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Models;
using Xunit;

namespace VivgridPS.Tests.Models
{
    public sealed class ModelListTests
    {
        [Fact]
        public void ParseIds_reads_the_recorded_list_exactly()
        {
            byte[] body = File.ReadAllBytes(RealData.Path("models-list.json"));
            using var expected = JsonDocument.Parse(File.ReadAllBytes(RealData.Path("expected.json")));
            var expectedIds = expected.RootElement.GetProperty("recordings").GetProperty("models-list.json").GetProperty("ids")
                .EnumerateArray().Select(e => e.GetString()!).ToArray();

            var ids = ModelListParser.ParseIds(body);

            Assert.Equal(96, expectedIds.Length);
            Assert.Equal(expectedIds, ids);
        }

        [Theory]
        [InlineData(@"{""data"":[{""id"":""a""},{""id"":""b"",""extra"":{""deep"":[1,{""id"":""not-me""}]}}],""object"":""list""}", "a,b")]
        [InlineData(@"{""object"":""list"",""has_more"":false,""data"":[{""created"":1},{""id"":null},{""id"":""c""}]}", "c")]
        [InlineData(@"[{""id"":""x""},""y"",3]", "x,y")]
        [InlineData(@"{""data"":[]}", "")]
        [InlineData(@"{""meta"":{""data"":[{""id"":""nested""}]},""data"":[{""id"":""top""}]}", "top")]
        public void ParseIds_tolerates_extra_and_missing_fields(string json, string expected)
        {
            var ids = ModelListParser.ParseIds(Encoding.UTF8.GetBytes(json));
            Assert.Equal(expected.Length == 0 ? Array.Empty<string>() : expected.Split(','), ids);
        }

        [Theory]
        [InlineData("<html><body>502 Bad Gateway</body></html>")]
        [InlineData("")]
        [InlineData(@"{""object"":""list""}")]
        [InlineData(@"{""data"":[{""id"":""a""}")]
        [InlineData("\"just a string\"")]
        public void ParseIds_rejects_what_is_not_a_model_list(string body)
        {
            var ex = Assert.Throws<VivgridException>(() => ModelListParser.ParseIds(Encoding.UTF8.GetBytes(body)));
            Assert.Equal(VivgridErrorId.MalformedResponse, ex.ErrorId);
        }

        [Fact]
        public void MergeLive_marks_availability_and_adds_live_only_models()
        {
            var merged = ModelCatalog.Bundled.MergeLive(new[] { "gpt-5.4-mini", "GPT-5.4", "gpt-4o", "gemini-9" });

            Assert.True(merged.Single(m => m.Id == "gpt-5.4-mini").Available);
            Assert.True(merged.Single(m => m.Id == "gpt-5.4").Available);
            Assert.False(merged.Single(m => m.Id == "gpt-5.4-nano").Available);
            var gpt4o = merged.Single(m => m.Id == "gpt-4o");
            Assert.Equal("live", gpt4o.Origin);
            Assert.True(gpt4o.Available);
            Assert.Null(gpt4o.InputPricePerMillion);
            Assert.Null(gpt4o.OutputPricePerMillion);
            Assert.Equal("o200k_base", gpt4o.Tokenizer);
            Assert.Null(merged.Single(m => m.Id == "gemini-9").Tokenizer);
            Assert.Equal(15, merged.Count);
            Assert.Equal(merged.Select(m => m.Id).OrderBy(i => i, StringComparer.OrdinalIgnoreCase), merged.Select(m => m.Id));
            // The catalog's own entries are untouched (copies were marked).
            Assert.Null(ModelCatalog.Bundled.Get("gpt-5.4-mini").Available);
        }

        [Fact]
        public async Task LiveModelList_sends_bearer_GET_to_base_models_and_caches_per_base()
        {
            var handler = new StubHandler(_ => Json(HttpStatusCode.OK, @"{""data"":[{""id"":""gpt-5.4-mini""}]}"));
            var list = new LiveModelList(new HttpClient(handler));
            var baseUri = new Uri("https://cache-test-" + Guid.NewGuid().ToString("N") + ".example/v1");

            var ids = await list.GetIdsAsync(baseUri, "sk-test-secret", refresh: false, TimeSpan.FromSeconds(5), CancellationToken.None);
            var again = await list.GetIdsAsync(new Uri(baseUri + "/"), "sk-test-secret", refresh: false, TimeSpan.FromSeconds(5), CancellationToken.None);

            Assert.Equal(new[] { "gpt-5.4-mini" }, ids);
            Assert.Same(ids, again);
            var request = Assert.Single(handler.Requests);
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.Equal(baseUri + "/models", request.RequestUri!.ToString());
            Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
            Assert.Equal("sk-test-secret", request.Headers.Authorization.Parameter);

            await list.GetIdsAsync(baseUri, "sk-test-secret", refresh: true, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task LiveModelList_401_is_ApiKeyRejected_and_never_echoes_the_key()
        {
            const string key = "sk-very-secret-key-123";
            var handler = new StubHandler(r => Json(HttpStatusCode.Unauthorized,
                @"{""error"":{""message"":""Invalid key " + r.Headers.Authorization!.Parameter + @""",""type"":""invalid_request_error""}}"));
            var list = new LiveModelList(new HttpClient(handler));

            var ex = await Assert.ThrowsAsync<VivgridException>(() =>
                list.FetchIdsAsync(new Uri("https://x.example/v1"), key, TimeSpan.FromSeconds(5), CancellationToken.None));

            Assert.Equal(VivgridErrorId.ApiKeyRejected, ex.ErrorId);
            Assert.Equal(401, ex.HttpStatus);
            Assert.DoesNotContain(key, ex.Message);
            Assert.DoesNotContain(key, ex.ToString());
            Assert.DoesNotContain(key, ex.ApiError!.RawBody);
            Assert.Contains("401", ex.Message);
        }

        [Fact]
        public async Task LiveModelList_masks_a_key_cut_in_two_by_the_error_body_truncation()
        {
            const string key = "sk-very-secret-key-1234567890";
            // The body is cut at 300 characters; put the echoed key across that cut so only its head survives.
            string padding = new string('x', 300 - 12);
            var handler = new StubHandler(r => Json(HttpStatusCode.Unauthorized, padding + r.Headers.Authorization!.Parameter));
            var list = new LiveModelList(new HttpClient(handler));

            var ex = await Assert.ThrowsAsync<VivgridException>(() =>
                list.FetchIdsAsync(new Uri("https://x.example/v1"), key, TimeSpan.FromSeconds(5), CancellationToken.None));

            Assert.DoesNotContain(key.Substring(0, 12), ex.Message);
            Assert.DoesNotContain(key.Substring(0, 12), ex.ApiError!.RawBody);
        }

        [Fact]
        public async Task LiveModelList_server_error_and_html_are_typed_errors()
        {
            var list = new LiveModelList(new HttpClient(new StubHandler(_ => Json(HttpStatusCode.BadGateway, "<html>bad gateway</html>"))));
            var ex = await Assert.ThrowsAsync<VivgridException>(() =>
                list.FetchIdsAsync(new Uri("https://x.example/v1"), "k", TimeSpan.FromSeconds(5), CancellationToken.None));
            Assert.Equal(VivgridErrorId.ServerError, ex.ErrorId);
            Assert.True(ex.IsTransient);

            var html = new LiveModelList(new HttpClient(new StubHandler(_ => Json(HttpStatusCode.OK, "<html>login</html>"))));
            var ex2 = await Assert.ThrowsAsync<VivgridException>(() =>
                html.FetchIdsAsync(new Uri("https://x.example/v1"), "k", TimeSpan.FromSeconds(5), CancellationToken.None));
            Assert.Equal(VivgridErrorId.MalformedResponse, ex2.ErrorId);
        }

        [Fact]
        public async Task LiveModelList_times_out_with_a_Timeout_error()
        {
            var handler = new StubHandler(_ => Json(HttpStatusCode.OK, "{}")) { Delay = TimeSpan.FromSeconds(30) };
            var list = new LiveModelList(new HttpClient(handler));
            var started = DateTime.UtcNow;
            var ex = await Assert.ThrowsAsync<VivgridException>(() =>
                list.FetchIdsAsync(new Uri("https://x.example/v1"), "k", TimeSpan.FromMilliseconds(200), CancellationToken.None));
            Assert.Equal(VivgridErrorId.Timeout, ex.ErrorId);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task LiveModelList_refuses_to_send_the_key_over_plain_http_to_a_remote_host()
        {
            var handler = new StubHandler(_ => Json(HttpStatusCode.OK, "{\"data\":[]}"));
            var list = new LiveModelList(new HttpClient(handler));
            var ex = await Assert.ThrowsAsync<VivgridException>(() =>
                list.FetchIdsAsync(new Uri("http://api.example.com/v1"), "k", TimeSpan.FromSeconds(5), CancellationToken.None));
            Assert.Equal(VivgridErrorId.UnencryptedAuthentication, ex.ErrorId);
            Assert.Empty(handler.Requests);

            // Loopback over http is fine (the emulator).
            await list.FetchIdsAsync(new Uri("http://127.0.0.1:5000/v1"), "k", TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task LiveModelList_against_a_real_loopback_listener()
        {
            using var listener = new System.Net.HttpListener();
            int port = LoopbackPort.Unused();
            listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
            listener.Start();
            var serve = Task.Run(async () =>
            {
                var ctx = await listener.GetContextAsync();
                string auth = ctx.Request.Headers["Authorization"] ?? "";
                byte[] body = Encoding.UTF8.GetBytes(auth == "Bearer k1" && ctx.Request.Url!.AbsolutePath == "/v1/models"
                    ? @"{""object"":""list"",""data"":[{""id"":""gpt-5.4"",""owned_by"":""vivgrid""},{""id"":""managed""}]}"
                    : @"{""error"":{""message"":""bad""}}");
                ctx.Response.StatusCode = auth == "Bearer k1" ? 200 : 401;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            });
            using var http = new HttpClient();
            var ids = await new LiveModelList(http).FetchIdsAsync(new Uri("http://127.0.0.1:" + port + "/v1"), "k1", TimeSpan.FromSeconds(5), CancellationToken.None);
            await serve;
            Assert.Equal(new[] { "gpt-5.4", "managed" }, ids);
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        private sealed class StubHandler : HttpMessageHandler
        {
            private readonly Func<HttpRequestMessage, HttpResponseMessage> _respond;
            public StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) => _respond = respond;
            public System.Collections.Generic.List<HttpRequestMessage> Requests { get; } = new System.Collections.Generic.List<HttpRequestMessage>();
            public TimeSpan Delay { get; set; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Requests.Add(request);
                if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
                return _respond(request);
            }
        }
    }
}
