using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Tests.Hostile;

/// <summary>
/// A server in process: each request gets the next scripted response (the last one repeats). Lets a test send what
/// no well-behaved server would, down to a body of any length generated as it is read.
/// </summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Func<HttpResponseMessage>[] _responses;
    public List<Uri> Requests { get; } = new List<Uri>();

    public ScriptedHandler(params Func<HttpResponseMessage>[] responses) => _responses = responses;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request.RequestUri!);
            var response = _responses[Math.Min(Requests.Count - 1, _responses.Length - 1)]();
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }

    public static HttpResponseMessage Sse(string body) => Sse(new MemoryStream(Encoding.UTF8.GetBytes(body)));

    public static HttpResponseMessage Sse(byte[] body) => Sse(new MemoryStream(body));

    public static HttpResponseMessage Sse(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) => Json(Encoding.UTF8.GetBytes(body), status);

    public static HttpResponseMessage Json(byte[] body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Json(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
