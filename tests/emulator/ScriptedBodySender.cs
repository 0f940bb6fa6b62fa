namespace VivgridEmulator;

/// <summary>Sends bodies that are not generated replies: a scripted raw body, or a recorded file replayed byte for byte.</summary>
internal static class ScriptedBodySender
{
    public static Task SendRawAsync(HttpContext context, ScriptedReply script, byte[] body, string contentType)
    {
        context.Response.StatusCode = script.Status ?? 200;
        context.Response.ContentType = contentType;
        return SendPiecesAsync(context, script, Split(body, script.ReplayChunkBytes));
    }

    public static Task SendReplayAsync(HttpContext context, ScriptedReply script, string folder)
    {
        string file = Path.Combine(folder, script.Replay!);
        byte[] bytes = File.ReadAllBytes(file);
        context.Response.StatusCode = script.Status ?? 200;
        context.Response.ContentType = script.ContentType
            ?? (file.EndsWith(".sse", StringComparison.OrdinalIgnoreCase) ? "text/event-stream" : "application/json");
        return SendPiecesAsync(context, script, Split(bytes, script.ReplayChunkBytes));
    }

    /// <summary>A generated JSON reply; with a scripted fault only its first half goes out before the fault fires.</summary>
    public static Task SendGeneratedAsync(HttpContext context, ReplyPlan plan, byte[] body)
    {
        context.Response.ContentType = "application/json";
        int half = Math.Max(1, (body.Length + 1) / 2);
        var pacer = new DeltaPacer(context, plan.ChunkDelayMs, plan.Fault, 1);
        return SendPiecesAsync(context, pacer, Split(body, pacer.HasStreamFault ? half : null));
    }

    /// <summary>Each piece is one "delta" for chunkDelayMs and the disconnect/stall faults.</summary>
    private static Task SendPiecesAsync(HttpContext context, ScriptedReply script, IReadOnlyList<ReadOnlyMemory<byte>> pieces) =>
        SendPiecesAsync(context, new DeltaPacer(context, Math.Max(0, script.ChunkDelayMs ?? 0), script.Fault, Math.Max(0, script.AfterChunks ?? 1)), pieces);

    private static async Task SendPiecesAsync(HttpContext context, DeltaPacer pacer, IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        await context.Response.StartAsync(context.RequestAborted);
        foreach (ReadOnlyMemory<byte> piece in pieces)
        {
            await pacer.BeforeDeltaAsync();
            await context.Response.Body.WriteAsync(piece, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await pacer.BeforeFinishAsync();
    }

    /// <summary>Without a piece size, a faulting body is cut in half so the client always sees some bytes first.</summary>
    private static IReadOnlyList<ReadOnlyMemory<byte>> Split(byte[] bytes, int? pieceBytes)
    {
        int size = pieceBytes is int n && n > 0 ? n : bytes.Length;
        var pieces = new List<ReadOnlyMemory<byte>>();
        for (int start = 0; start < bytes.Length; start += size)
        {
            pieces.Add(new ReadOnlyMemory<byte>(bytes, start, Math.Min(size, bytes.Length - start)));
        }

        return pieces;
    }
}
