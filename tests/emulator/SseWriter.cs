using System.Text;

namespace VivgridEmulator;

/// <summary>Writes server-sent events and flushes each one so clients see deltas as they happen.</summary>
internal static class SseWriter
{
    private static readonly byte[] DataPrefix = Encoding.ASCII.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.ASCII.GetBytes("\n\n");
    private static readonly byte[] Done = Encoding.ASCII.GetBytes("data: [DONE]\n\n");

    public static async Task StartAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static async Task WriteAsync(HttpContext context, string? eventName, byte[] json)
    {
        Stream body = context.Response.Body;
        CancellationToken token = context.RequestAborted;
        if (eventName is not null)
        {
            await body.WriteAsync(Encoding.ASCII.GetBytes("event: " + eventName + "\n"), token);
        }

        await body.WriteAsync(DataPrefix, token);
        await body.WriteAsync(json, token);
        await body.WriteAsync(EventEnd, token);
        await body.FlushAsync(token);
    }

    public static async Task WriteDoneAsync(HttpContext context)
    {
        await context.Response.Body.WriteAsync(Done, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
