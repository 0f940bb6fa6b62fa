using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Core.Input;
using VivgridPS.Core.Models;
using VivgridPS.Tests.Reliability;
using Xunit;

namespace VivgridPS.Tests.Hostile;

/// <summary>The messages the issue found wrong, each with what it now says.</summary>
public sealed class ClearMessagesTests
{
    [Theory]
    [InlineData("sk-abc\r\ndef-0123456789", "a line break at position 7")]
    [InlineData("sk-abc\ndef-0123456789", "a line break at position 7")]
    [InlineData("sk-abc\u201Cdef-0123456789", "a non-ASCII character at position 7")]
    [InlineData("sk-abc\tdef-0123456789", "a control character or space at position 7")]
    public async Task A_key_an_HTTP_header_cannot_carry_is_refused_by_name_before_sending(string key, string expected)
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Sse(Wire.Stream("x")));
        var runner = RunnerHarness.Runner(new Uri("https://api.example.test/v1/"), client: new HttpClient(handler), key: key);
        var result = await RunnerHarness.RunAsync(runner, RunnerHarness.Request());
        var e = HostileResponseTests.Typed(result, VivgridErrorId.InvalidArgument);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("def-0123456789", e.Message + e.RecommendedAction);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_first_byte_timeout_names_IdleTimeoutSec_not_TimeoutSec()
    {
        var handler = new StallingHandler();
        var transport = new ApiTransport(new HttpClient(handler), new VivgridConnection(new Uri("https://api.example.test/v1/"), "k-123456"),
            new RetryPolicy(0), TimeSpan.FromMilliseconds(100));
        var attempt = await transport.TrySendAsync(HttpMethod.Post, "chat/completions", null, acceptStream: true, CancellationToken.None);
        Assert.Equal(VivgridErrorId.Timeout, attempt.Failure!.ErrorId);
        Assert.Contains("-IdleTimeoutSec", attempt.Failure.RecommendedAction);
        Assert.DoesNotContain("-TimeoutSec", attempt.Failure.RecommendedAction!.Replace("-IdleTimeoutSec", ""));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public void A_server_error_does_not_claim_it_was_retried(int status)
    {
        var e = ErrorClassifier.FromHttp(new ApiError { HttpStatus = status, Message = "boom" }, "k-123456", null);
        Assert.DoesNotContain("it was retried", e.RecommendedAction);
        Assert.Contains("-MaxRetries", e.RecommendedAction);
    }

    [Fact]
    public void A_folder_or_a_file_without_extension_is_named_as_such()
    {
        var dir = Directory.CreateTempSubdirectory("vivgrid-attach-");
        try
        {
            var folder = Assert.Throws<VivgridException>(() => AttachmentLoader.Load(dir.FullName));
            Assert.Contains("it is a folder, not a file", folder.Message);
            Assert.DoesNotContain("''", folder.Message);
            var png = Directory.CreateDirectory(Path.Combine(dir.FullName, "shots.png"));
            Assert.Contains("it is a folder", Assert.Throws<VivgridException>(() => AttachmentLoader.Load(png.FullName)).Message);
            var bare = Path.Combine(dir.FullName, "README");
            File.WriteAllText(bare, "x");
            var noExtension = Assert.Throws<VivgridException>(() => AttachmentLoader.Load(bare));
            Assert.Contains("it has no file extension", noExtension.Message);
            Assert.Equal(VivgridErrorId.InvalidAttachment, noExtension.ErrorId);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_live_model_list_cache_is_per_base_url_and_key()
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Json("{\"data\":[{\"id\":\"gpt-5.4-mini\"}]}"));
        var list = new LiveModelList(new HttpClient(handler));
        var baseUri = new Uri("https://cache-" + Guid.NewGuid().ToString("N") + ".example/v1");
        await list.GetIdsAsync(baseUri, "key-one-123456", refresh: false, TimeSpan.FromSeconds(5), CancellationToken.None);
        await list.GetIdsAsync(baseUri, "key-one-123456", refresh: false, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Single(handler.Requests);
        await list.GetIdsAsync(baseUri, "key-two-123456", refresh: false, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(2, handler.Requests.Count);
        Assert.DoesNotContain("key-one", LiveModelList.CacheKey(baseUri, "key-one-123456"));
    }

    [Theory]
    [InlineData(null)]   // headers, then not one byte: the idle timer
    [InlineData(50)]     // a byte every 50 ms, never idle and never done: the overall timer
    public async Task A_stalled_model_list_is_a_Timeout_error_never_a_bare_cancel(int? trickleMs)
    {
        var handler = new ScriptedHandler(() => ScriptedHandler.Json(new TrickleStream(trickleMs is int ms ? TimeSpan.FromMilliseconds(ms) : null)));
        var list = new LiveModelList(new HttpClient(handler));
        var e = await Assert.ThrowsAsync<VivgridException>(() =>
            list.FetchIdsAsync(new Uri("https://stall.example/v1"), "k-123456", TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal(VivgridErrorId.Timeout, e.ErrorId);
    }

    [Fact]
    public async Task A_redirected_model_list_is_a_typed_error()
    {
        var handler = new ScriptedHandler(() =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.MovedPermanently);
            r.Headers.Location = new Uri("https://other.example/v1/models");
            return r;
        });
        var e = await Assert.ThrowsAsync<VivgridException>(() =>
            new LiveModelList(new HttpClient(handler)).FetchIdsAsync(new Uri("https://api.example/v1"), "k-123456", TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(VivgridErrorId.UnexpectedRedirect, e.ErrorId);
    }

    [Fact]
    public void The_shared_client_never_follows_a_redirect()
    {
        var handler = typeof(HttpMessageInvoker).GetField("_handler", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(SharedHttpClient.Instance);
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(sockets.AllowAutoRedirect);
    }

    private sealed class StallingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
