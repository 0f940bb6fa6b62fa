using Microsoft.Extensions.Primitives;

namespace VivgridEmulator;

/// <summary>
/// Middleware for /v1/*: records the request with its timestamps, enforces the bearer key, and swallows the
/// exceptions that injected faults and client disconnects leave behind (they are expected, not server errors).
/// </summary>
internal sealed class RequestRecorder(EmulatorState state)
{
    public const string RejectedKey = "rejected-key";

    /// <summary>Set by a fault before it aborts, so an aborted request never reports a first byte.</summary>
    public const string AbortedItemKey = "VivgridEmulator.Aborted";

    /// <summary>Lets a writer stamp firstContentAt (the benchmark's pass-through clock) without knowing the recorder.</summary>
    private const string FirstContentItemKey = "VivgridEmulator.MarkFirstContent";

    public static void MarkFirstContent(HttpContext context)
    {
        if (context.Items.TryGetValue(FirstContentItemKey, out object? mark) && mark is Action action)
        {
            action();
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        context.Items[V1Handler.BodyItemKey] = body;
        RecordedRequest record = state.Record(context.Request.Method, context.Request.Path + context.Request.QueryString, ReadHeaders(context), body);
        context.Items[FirstContentItemKey] = (Action)(() => state.MarkFirstContent(record));
        context.Response.OnStarting(() =>
        {
            // Kestrel still runs OnStarting while tearing down an aborted request; no byte reached the client then.
            if (!context.Items.ContainsKey(AbortedItemKey) && !context.RequestAborted.IsCancellationRequested)
            {
                state.MarkFirstByte(record);
            }

            return Task.CompletedTask;
        });
        try
        {
            if (!HasAcceptedKey(context))
            {
                // Never echo the key: the message only says it was wrong.
                await OpenAiError.WriteAsync(context, 401,
                    "Incorrect API key provided. You can find your API key in the Vivgrid console.", "invalid_request_error", "invalid_api_key");
                return;
            }

            await next(context);
        }
        catch (FaultInjectedException)
        {
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            state.MarkCompleted(record);
        }
    }

    private static bool HasAcceptedKey(HttpContext context)
    {
        string header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string key = header.Substring(scheme.Length).Trim();
        return key.Length > 0 && key != RejectedKey;
    }

    private static Dictionary<string, string> ReadHeaders(HttpContext context)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value.ToArray());
        }

        return headers;
    }
}
