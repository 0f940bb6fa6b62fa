using System.Text;
using System.Text.Json;

namespace VivgridEmulator;

/// <summary>
/// Sends a planned chat reply in Vivgrid's compact stream (request header X-Response-Format: vivgrid, VIVGRID-API.md §2):
/// g: reasoning, f:/r: server-side tools, c: content, m: the model that answered, u: usage, p: finish, each frame
/// followed by a blank line. The m: frame comes after the content, so clients must not expect it first.
/// </summary>
internal static class CompactStreamWriter
{
    public const string HeaderName = "X-Response-Format";
    public const string HeaderValue = "vivgrid";

    /// <summary>The model the service runs for "managed" in the emulator; only the compact stream names it.</summary>
    public const string ManagedBackingModel = ServedModels.ManagedDefault;

    private static readonly byte[] FrameEnd = Encoding.ASCII.GetBytes("\n\n");

    public static bool IsRequested(HttpContext context) =>
        string.Equals(context.Request.Headers[HeaderName].ToString().Trim(), HeaderValue, StringComparison.OrdinalIgnoreCase);

    public static async Task StreamAsync(HttpContext context, ReplyPlan plan, bool includeUsage)
    {
        var pacer = DeltaPacer.For(context, plan);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(context.RequestAborted);
        foreach (string piece in plan.ReasoningChunks)
        {
            await pacer.BeforeDeltaAsync();
            await WriteFrameAsync(context, 'g', JsonString(piece));
        }

        foreach (ScriptedServerToolCall call in plan.ServerToolCalls)
        {
            await pacer.BeforeDeltaAsync();
            await WriteFrameAsync(context, 'f', ToolFrame(call, result: false));
            if (call.Result is not null)
            {
                await WriteFrameAsync(context, 'r', ToolFrame(call, result: true));
            }
        }

        foreach (string piece in plan.Chunks)
        {
            await pacer.BeforeDeltaAsync();
            await WriteFrameAsync(context, 'c', JsonString(piece));
            if (piece.Length > 0)
            {
                RequestRecorder.MarkFirstContent(context);
            }
        }

        await pacer.BeforeFinishAsync();
        await WriteFrameAsync(context, 'm', JsonString(ServedModel(plan)));
        if (includeUsage)
        {
            byte[] usage = JsonOutput.Build(w =>
            {
                w.WriteStartObject();
                UsageWriter.WriteChat(w, plan);
                w.WriteEndObject();
            });
            using JsonDocument document = JsonDocument.Parse(usage);
            await WriteFrameAsync(context, 'u', Encoding.UTF8.GetBytes(document.RootElement.GetProperty("usage").GetRawText()));
        }

        if (!plan.OmitFinish)
        {
            await WriteFrameAsync(context, 'p', Encoding.ASCII.GetBytes("finish"));
        }
    }

    private static string ServedModel(ReplyPlan plan) =>
        plan.ServedModel ?? (plan.Model == "managed" ? ManagedBackingModel : plan.Model);

    private static byte[] JsonString(string text) => JsonOutput.Build(w => w.WriteStringValue(text));

    private static byte[] ToolFrame(ScriptedServerToolCall call, bool result) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        if (result)
        {
            w.WriteString("status", "completed");
        }

        w.WriteString("tool_call_id", call.Id);
        w.WriteString("name", call.Name);
        if (result)
        {
            w.WriteString("result", call.Result);
        }
        else
        {
            w.WriteString("arguments", call.Arguments ?? "{}");
        }

        w.WriteEndObject();
    });

    private static async Task WriteFrameAsync(HttpContext context, char prefix, byte[] data)
    {
        Stream body = context.Response.Body;
        CancellationToken token = context.RequestAborted;
        await body.WriteAsync(new[] { (byte)prefix, (byte)':', (byte)' ' }, token);
        await body.WriteAsync(data, token);
        await body.WriteAsync(FrameEnd, token);
        await body.FlushAsync(token);
    }
}
