using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Http;

namespace VivgridPS.Tests.Reliability;

/// <summary>Builds a ChatRunner against an emulator and collects what one call reports.</summary>
public static class RunnerHarness
{
    /// <summary>A key long enough to be recognisable if it ever leaks into text.</summary>
    public const string Key = "test-key-7f3a9c1e5b2d8SECRET";

    public static ChatRunner Runner(Uri baseUri, int maxRetries = 3, TimeSpan? firstByteTimeout = null,
        ChatCallOptions? options = null, HttpClient? client = null, TimeSpan? maxRetryAfter = null, string key = Key) =>
        new ChatRunner(Transport(baseUri, maxRetries, firstByteTimeout, client, maxRetryAfter, key),
            options ?? new ChatCallOptions { IdleTimeout = TimeSpan.FromSeconds(10) });

    /// <summary>Short retry delays, so fault scripts run in milliseconds.</summary>
    public static ApiTransport Transport(Uri baseUri, int maxRetries = 3, TimeSpan? firstByteTimeout = null,
        HttpClient? client = null, TimeSpan? maxRetryAfter = null, string key = Key) =>
        new ApiTransport(client ?? SharedHttpClient.Instance, new VivgridConnection(baseUri, key),
            new RetryPolicy(maxRetries, baseDelay: TimeSpan.FromMilliseconds(10), maxDelay: TimeSpan.FromMilliseconds(40), maxRetryAfter: maxRetryAfter),
            firstByteTimeout ?? TimeSpan.FromSeconds(10),
            // Its own rate-limit gate: a scripted 429 or exhausted quota in one test must not pace or stop the next.
            gate: new RateLimitGate(baseUri.Authority));

    public static ChatRequest Request(string prompt = "Say hello", bool stream = true, ChatApi api = ChatApi.Chat)
    {
        var request = new ChatRequest { Model = "gpt-4o-mini", Stream = stream, Api = api };
        request.Messages.Add(new VivgridPS.ChatMessage("user", prompt));
        return request;
    }

    /// <summary>Runs the call to its end; the failure (if any) is returned, never thrown.</summary>
    public static async Task<RunResult> RunAsync(ChatRunner runner, ChatRequest request, CancellationToken token = default)
    {
        var result = new RunResult();
        // A hang must fail the test, not the whole run: 20 s is far beyond any scripted fault.
        using var safety = CancellationTokenSource.CreateLinkedTokenSource(token);
        safety.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await foreach (var e in runner.RunAsync(request, safety.Token))
            {
                result.Events.Add(e);
                // A break after text ends the stream with the partial answer and the error, not with a throw.
                if (e.Kind == ChatEventKind.Interrupted) result.Failure = e.Failure;
            }
        }
        catch (Exception e)
        {
            result.Failure = e;
            if (!token.IsCancellationRequested && safety.IsCancellationRequested) result.Failure = new TimeoutException("The call hung for 20 s.", e);
        }
        return result;
    }
}
