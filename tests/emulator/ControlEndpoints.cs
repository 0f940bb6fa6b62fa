using System.Text.Json;

namespace VivgridEmulator;

/// <summary>The /_emulator/* endpoints tests use to script replies and read what the emulator received.</summary>
internal static class ControlEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost("/_emulator/script", (HttpContext context) => ScriptAsync(context, state));
        app.MapPost("/_emulator/reset", () => { state.Reset(); return Results.NoContent(); });
        app.MapGet("/_emulator/requests", (HttpContext context) => WriteRequestsAsync(context, state));
        app.MapDelete("/_emulator/requests", () => { state.ClearRequests(); return Results.NoContent(); });
        // Rate-limited mode: POST ?perSecond=N (0 turns it off, reset too); GET reads how many were admitted and refused.
        app.MapPost("/_emulator/ratelimit", (HttpContext context) =>
        {
            if (!int.TryParse(context.Request.Query["perSecond"], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int perSecond))
            {
                return Results.BadRequest("perSecond must be a whole number of requests per second (0 = off).");
            }

            state.SetRateLimit(perSecond);
            return WriteRateLimit(state);
        });
        app.MapGet("/_emulator/ratelimit", () => WriteRateLimit(state));
    }

    /// <summary>Accepts a JSON array of replies (or one reply object); all are validated before any is queued.</summary>
    private static async Task ScriptAsync(HttpContext context, EmulatorState state)
    {
        ScriptedReply[] replies;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            string text = await reader.ReadToEndAsync(context.RequestAborted);
            replies = text.TrimStart().StartsWith('[')
                ? JsonSerializer.Deserialize(text, EmulatorJsonContext.Default.ScriptedReplyArray) ?? []
                : [JsonSerializer.Deserialize(text, EmulatorJsonContext.Default.ScriptedReply) ?? new ScriptedReply()];
            foreach (ScriptedReply reply in replies)
            {
                state.Validate(reply);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException)
        {
            await OpenAiError.WriteAsync(context, 400, ex.Message, "invalid_request_error", "invalid_script");
            return;
        }

        foreach (ScriptedReply reply in replies)
        {
            state.Enqueue(reply);
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("queued", replies.Length);
            w.WriteNumber("pending", state.PendingReplies);
            w.WriteEndObject();
        }), context.RequestAborted);
    }

    private static IResult WriteRateLimit(EmulatorState state)
    {
        TokenBucket? bucket = state.RateLimit;
        return Results.Bytes(JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("perSecond", bucket?.PerSecond ?? 0);
            w.WriteNumber("admitted", bucket?.Admitted ?? 0);
            w.WriteNumber("limited", bucket?.Limited ?? 0);
            w.WriteEndObject();
        }), "application/json");
    }

    private static async Task WriteRequestsAsync(HttpContext context, EmulatorState state)
    {
        IReadOnlyList<RecordedRequest> requests = state.Requests;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonOutput.Build(w =>
        {
            w.WriteStartArray();
            foreach (RecordedRequest request in requests)
            {
                WriteRequest(w, request);
            }

            w.WriteEndArray();
        }), context.RequestAborted);
    }

    private static void WriteRequest(Utf8JsonWriter w, RecordedRequest request)
    {
        w.WriteStartObject();
        w.WriteString("method", request.Method);
        w.WriteString("path", request.Path);
        w.WriteStartObject("headers");
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            w.WriteString(header.Key, header.Value);
        }

        w.WriteEndObject();
        w.WriteString("body", request.Body);
        WriteTime(w, "receivedAt", request.ReceivedAt);
        WriteTime(w, "firstByteAt", request.FirstByteAt);
        WriteTime(w, "firstContentAt", request.FirstContentAt);
        WriteTime(w, "completedAt", request.CompletedAt);
        w.WriteEndObject();
    }

    /// <summary>Round-trip ("O") format: ISO-8601 UTC with 7 fractional digits, e.g. 2026-01-01T00:00:00.1234567Z.</summary>
    private static void WriteTime(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is DateTime time)
        {
            w.WriteString(name, time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
