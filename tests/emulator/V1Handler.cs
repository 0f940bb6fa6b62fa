using System.Text;
using System.Text.Json;

namespace VivgridEmulator;

/// <summary>Serves /v1/chat/completions, /v1/responses and /v1/models: a scripted reply when one is queued, else the default.</summary>
internal sealed class V1Handler(EmulatorState state, EmulatorOptions options)
{
    public const string BodyItemKey = "VivgridEmulator.Body";

    public Task ChatAsync(HttpContext context) => GenerateAsync(context, RequestParser.ParseChat, isChat: true);

    public Task ResponsesAsync(HttpContext context) => GenerateAsync(context, RequestParser.ParseResponses, isChat: false);

    public async Task ModelsAsync(HttpContext context)
    {
        ScriptedReply? script = await BeginAsync(context);
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var plan = new ReplyPlan { Model = string.Empty, Content = string.Empty, Chunks = [], FinishReason = "stop", Fault = script?.Fault };
        await ScriptedBodySender.SendGeneratedAsync(context, plan, ServedModels.BuildList());
    }

    private async Task GenerateAsync(HttpContext context, Func<JsonElement, ParsedRequest> parse, bool isChat)
    {
        // The service validates before the model sees anything: a rejected request takes no scripted reply.
        ParsedRequest? request = null;
        string? parseError = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse((string)context.Items[BodyItemKey]!);
            if (RequestRules.Check(document.RootElement, isChat) is ServiceError invalid)
            {
                await invalid.WriteAsync(context);
                return;
            }

            request = parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            parseError = "We could not parse the JSON body of your request: " + ex.Message;
        }

        ScriptedReply? script = await BeginAsync(context);
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested || IsErrorOnly(script))
        {
            return;
        }

        if (request is null)
        {
            await OpenAiError.WriteAsync(context, 400, parseError!, "invalid_request_error", null);
            return;
        }

        ReplyPlan plan = script is null ? ReplyPlanner.FromDefault(request) : ReplyPlanner.FromScript(script, request);
        string id = state.NextSequence().ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (request.Stream && isChat && CompactStreamWriter.IsRequested(context))
        {
            await CompactStreamWriter.StreamAsync(context, plan, request.IncludeUsage);
            return;
        }

        if (request.Stream)
        {
            await (isChat
                ? ChatCompletionWriter.StreamAsync(context, plan, request.IncludeUsage, "chatcmpl-emu" + id, created)
                : ResponsesWriter.StreamAsync(context, plan, id, created));
            return;
        }

        byte[] body = isChat ? ChatCompletionWriter.BuildBody(plan, "chatcmpl-emu" + id, created) : ResponsesWriter.BuildBody(plan, id, created);
        await ScriptedBodySender.SendGeneratedAsync(context, plan, body);
    }

    /// <summary>
    /// Takes the next scripted reply and does the parts every endpoint shares: headers, first-byte delay, reset,
    /// replay and raw bodies. Without a script, waits the configured latency. Returns the script (or null).
    /// </summary>
    private async Task<ScriptedReply?> BeginAsync(HttpContext context)
    {
        if (state.RateLimit is { } bucket && !bucket.TryTake(out TimeSpan wait))
        {
            // As OpenAI-style services answer a rate limit: 429, the envelope, and when to come back.
            context.Response.Headers["retry-after-ms"] = ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["Retry-After"] = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await OpenAiError.WriteAsync(context, 429,
                $"Rate limit reached: {bucket.PerSecond} requests per second. Please try again in {(long)Math.Ceiling(wait.TotalMilliseconds)}ms.",
                "requests", "rate_limit_exceeded");
            return null;
        }

        ScriptedReply? script = state.TryDequeue();
        if (script is null)
        {
            if (options.LatencyMs > 0)
            {
                await Task.Delay(options.LatencyMs, context.RequestAborted);
            }

            return null;
        }

        foreach (KeyValuePair<string, string> header in script.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        if (script.FirstByteDelayMs is int delay && delay > 0)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (script.Fault == "reset")
        {
            context.Items[RequestRecorder.AbortedItemKey] = true;
            context.Abort();
            throw new FaultInjectedException("reset");
        }

        if (script.Replay is not null)
        {
            await ScriptedBodySender.SendReplayAsync(context, script, state.RealDataFolder);
        }
        else if (script.Body is not null)
        {
            await ScriptedBodySender.SendRawAsync(context, script, Encoding.UTF8.GetBytes(script.Body), script.ContentType ?? "application/json");
        }
        else if (script.Status is int status and >= 400)
        {
            await ScriptedBodySender.SendRawAsync(context, script, OpenAiError.ForStatus(status), script.ContentType ?? "application/json");
        }
        else if (script.Status is int success)
        {
            context.Response.StatusCode = success;
        }

        return script;
    }

    private static bool IsErrorOnly(ScriptedReply? script) => script is { Status: >= 400 };
}
