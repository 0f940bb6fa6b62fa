using System.Text.Json;

namespace VivgridEmulator;

/// <summary>Sends a planned reply in the Chat Completions shape, streamed as chunks or as one JSON body.</summary>
internal static class ChatCompletionWriter
{
    public static byte[] BuildBody(ReplyPlan plan, string id, long created) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, "chat.completion", plan, id, created);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        if (plan.Content.Length == 0 && plan.ToolCalls.Count > 0) { w.WriteNull("content"); } else { w.WriteString("content", plan.Content); }
        if (plan.Reasoning is not null)
        {
            w.WriteString("reasoning_content", plan.Reasoning);
        }

        w.WriteNull("refusal");
        if (plan.ToolCalls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (ScriptedToolCall call in plan.ToolCalls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.Arguments);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteString("finish_reason", plan.FinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        UsageWriter.WriteChat(w, plan);
        w.WriteEndObject();
    });

    public static async Task StreamAsync(HttpContext context, ReplyPlan plan, bool includeUsage, string id, long created)
    {
        var pacer = DeltaPacer.For(context, plan);
        await SseWriter.StartAsync(context);
        await pacer.SilenceAsync();
        await SendDeltaAsync(context, plan, id, created, w => { w.WriteString("role", "assistant"); w.WriteString("content", string.Empty); });
        foreach (string piece in plan.ReasoningChunks)
        {
            await pacer.BeforeDeltaAsync();
            await SendDeltaAsync(context, plan, id, created, w => w.WriteString("reasoning_content", piece));
        }

        foreach (string piece in plan.Chunks)
        {
            await pacer.BeforeDeltaAsync();
            await SendDeltaAsync(context, plan, id, created, w => w.WriteString("content", piece));
            if (piece.Length > 0)
            {
                RequestRecorder.MarkFirstContent(context);
            }
        }

        for (int i = 0; i < plan.ToolCalls.Count; i++)
        {
            await StreamToolCallAsync(context, plan, id, created, pacer, i);
        }

        await pacer.BeforeFinishAsync();
        await SseWriter.WriteAsync(context, null, Chunk(plan, id, created, w => { }, plan.FinishReason));
        if (includeUsage)
        {
            await SseWriter.WriteAsync(context, null, UsageChunk(plan, id, created));
        }

        await SseWriter.WriteDoneAsync(context);
    }

    /// <summary>First the id and name with empty arguments, then the arguments in fragments, as OpenAI streams them.</summary>
    private static async Task StreamToolCallAsync(HttpContext context, ReplyPlan plan, string id, long created, DeltaPacer pacer, int index)
    {
        ScriptedToolCall call = plan.ToolCalls[index];
        await pacer.BeforeDeltaAsync();
        await SendDeltaAsync(context, plan, id, created, w => WriteToolCallDelta(w, index, call.Id, call.Name, string.Empty));
        foreach (string fragment in TextChunker.SplitFragments(call.Arguments!, 3))
        {
            await pacer.BeforeDeltaAsync();
            await SendDeltaAsync(context, plan, id, created, w => WriteToolCallDelta(w, index, null, null, fragment));
        }
    }

    private static void WriteToolCallDelta(Utf8JsonWriter w, int index, string? callId, string? name, string arguments)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        if (callId is not null)
        {
            w.WriteString("id", callId);
            w.WriteString("type", "function");
        }

        w.WriteStartObject("function");
        if (name is not null)
        {
            w.WriteString("name", name);
        }

        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static Task SendDeltaAsync(HttpContext context, ReplyPlan plan, string id, long created, Action<Utf8JsonWriter> delta) =>
        SseWriter.WriteAsync(context, null, Chunk(plan, id, created, delta, null));

    private static byte[] Chunk(ReplyPlan plan, string id, long created, Action<Utf8JsonWriter> delta, string? finishReason) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, "chat.completion.chunk", plan, id, created);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        if (finishReason is null) { w.WriteNull("finish_reason"); } else { w.WriteString("finish_reason", finishReason); }
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] UsageChunk(ReplyPlan plan, string id, long created) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, "chat.completion.chunk", plan, id, created);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        UsageWriter.WriteChat(w, plan);
        w.WriteEndObject();
    });

    private static void WriteHeader(Utf8JsonWriter w, string type, ReplyPlan plan, string id, long created)
    {
        w.WriteString("id", id);
        w.WriteString("object", type);
        w.WriteNumber("created", created);
        w.WriteString("model", plan.Model);
    }
}
