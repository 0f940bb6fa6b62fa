using System.Text.Json;

namespace VivgridEmulator;

/// <summary>
/// Sends a planned reply in the Responses API shape. Output items in order: reasoning (when scripted), the message
/// (when there is text or nothing else), then one function_call per tool call. A reply cut at the token limit ends
/// with status "incomplete" and the response.incomplete event, as OpenAI does; otherwise response.completed.
/// </summary>
internal static class ResponsesWriter
{
    public static byte[] BuildBody(ReplyPlan plan, string id, long created) =>
        JsonOutput.Build(w => WriteResponse(w, plan, id, created, final: true));

    public static async Task StreamAsync(HttpContext context, ReplyPlan plan, string id, long created)
    {
        var pacer = DeltaPacer.For(context, plan);
        var events = new EventSequence(context);
        await SseWriter.StartAsync(context);
        await events.SendAsync("response.created", w => { w.WritePropertyName("response"); WriteResponse(w, plan, id, created, final: false); });
        await events.SendAsync("response.in_progress", w => { w.WritePropertyName("response"); WriteResponse(w, plan, id, created, final: false); });
        await pacer.SilenceAsync();
        int outputIndex = 0;
        if (plan.Reasoning is not null)
        {
            await StreamReasoningAsync(events, pacer, plan, id, outputIndex++);
        }

        if (HasMessage(plan))
        {
            await StreamMessageAsync(events, pacer, plan, id, outputIndex++);
        }

        for (int i = 0; i < plan.ToolCalls.Count; i++)
        {
            await StreamFunctionCallAsync(events, pacer, plan.ToolCalls[i], i, outputIndex++);
        }

        await pacer.BeforeFinishAsync();
        string final = IsIncomplete(plan) ? "response.incomplete" : "response.completed";
        await events.SendAsync(final, w => { w.WritePropertyName("response"); WriteResponse(w, plan, id, created, final: true); });
    }

    private static async Task StreamReasoningAsync(EventSequence events, DeltaPacer pacer, ReplyPlan plan, string id, int outputIndex)
    {
        string itemId = "rs_" + id;
        await events.SendAsync("response.output_item.added", w => { w.WriteNumber("output_index", outputIndex); w.WritePropertyName("item"); WriteReasoningItem(w, itemId, null); });
        await events.SendAsync("response.reasoning_summary_part.added", w => { WriteSummaryPointer(w, itemId, outputIndex); WriteSummaryPart(w, string.Empty); });
        foreach (string piece in plan.ReasoningChunks)
        {
            await pacer.BeforeDeltaAsync();
            await events.SendAsync("response.reasoning_summary_text.delta", w => { WriteSummaryPointer(w, itemId, outputIndex); w.WriteString("delta", piece); });
        }

        await events.SendAsync("response.reasoning_summary_text.done", w => { WriteSummaryPointer(w, itemId, outputIndex); w.WriteString("text", plan.Reasoning); });
        await events.SendAsync("response.reasoning_summary_part.done", w => { WriteSummaryPointer(w, itemId, outputIndex); WriteSummaryPart(w, plan.Reasoning!); });
        await events.SendAsync("response.output_item.done", w => { w.WriteNumber("output_index", outputIndex); w.WritePropertyName("item"); WriteReasoningItem(w, itemId, plan.Reasoning); });
    }

    private static async Task StreamMessageAsync(EventSequence events, DeltaPacer pacer, ReplyPlan plan, string id, int outputIndex)
    {
        string itemId = "msg_" + id;
        await events.SendAsync("response.output_item.added", w => { w.WriteNumber("output_index", outputIndex); w.WritePropertyName("item"); WriteMessageItem(w, itemId, plan, null); });
        await events.SendAsync("response.content_part.added", w => { WriteContentPointer(w, itemId, outputIndex); w.WritePropertyName("part"); WriteTextPart(w, string.Empty); });
        foreach (string piece in plan.Chunks)
        {
            await pacer.BeforeDeltaAsync();
            await events.SendAsync("response.output_text.delta", w => { WriteContentPointer(w, itemId, outputIndex); w.WriteString("delta", piece); });
        }

        await events.SendAsync("response.output_text.done", w => { WriteContentPointer(w, itemId, outputIndex); w.WriteString("text", plan.Content); });
        await events.SendAsync("response.content_part.done", w => { WriteContentPointer(w, itemId, outputIndex); w.WritePropertyName("part"); WriteTextPart(w, plan.Content); });
        await events.SendAsync("response.output_item.done", w => { w.WriteNumber("output_index", outputIndex); w.WritePropertyName("item"); WriteMessageItem(w, itemId, plan, plan.Content); });
    }

    private static async Task StreamFunctionCallAsync(EventSequence events, DeltaPacer pacer, ScriptedToolCall call, int callIndex, int outputIndex)
    {
        string itemId = "fc_" + callIndex + "_" + call.Id;
        await events.SendAsync("response.output_item.added", w => { w.WriteNumber("output_index", outputIndex); w.WritePropertyName("item"); WriteFunctionCallItem(w, itemId, call, done: false); });
        foreach (string fragment in TextChunker.SplitFragments(call.Arguments!, 3))
        {
            await pacer.BeforeDeltaAsync();
            await events.SendAsync("response.function_call_arguments.delta", w => { w.WriteString("item_id", itemId); w.WriteNumber("output_index", outputIndex); w.WriteString("delta", fragment); });
        }

        await events.SendAsync("response.function_call_arguments.done", w => { w.WriteString("item_id", itemId); w.WriteNumber("output_index", outputIndex); w.WriteString("arguments", call.Arguments); });
        await events.SendAsync("response.output_item.done", w => { w.WriteNumber("output_index", outputIndex); w.WritePropertyName("item"); WriteFunctionCallItem(w, itemId, call, done: true); });
    }

    private static void WriteResponse(Utf8JsonWriter w, ReplyPlan plan, string id, long created, bool final)
    {
        bool incomplete = IsIncomplete(plan);
        w.WriteStartObject();
        w.WriteString("id", "resp_" + id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", created);
        w.WriteString("status", !final ? "in_progress" : incomplete ? "incomplete" : "completed");
        w.WriteNull("error");
        if (final && incomplete)
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", "max_output_tokens");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("incomplete_details");
        }

        w.WriteString("model", plan.Model);
        w.WriteStartArray("output");
        if (final)
        {
            WriteOutputItems(w, plan, id);
        }

        w.WriteEndArray();
        if (final) { UsageWriter.WriteResponses(w, plan); } else { w.WriteNull("usage"); }
        w.WriteEndObject();
    }

    private static void WriteOutputItems(Utf8JsonWriter w, ReplyPlan plan, string id)
    {
        if (plan.Reasoning is not null)
        {
            WriteReasoningItem(w, "rs_" + id, plan.Reasoning);
        }

        if (HasMessage(plan))
        {
            WriteMessageItem(w, "msg_" + id, plan, plan.Content);
        }

        for (int i = 0; i < plan.ToolCalls.Count; i++)
        {
            WriteFunctionCallItem(w, "fc_" + i + "_" + plan.ToolCalls[i].Id, plan.ToolCalls[i], done: true);
        }
    }

    private static void WriteMessageItem(Utf8JsonWriter w, string itemId, ReplyPlan plan, string? text)
    {
        w.WriteStartObject();
        w.WriteString("id", itemId);
        w.WriteString("type", "message");
        w.WriteString("status", text is null ? "in_progress" : IsIncomplete(plan) ? "incomplete" : "completed");
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        if (text is not null)
        {
            WriteTextPart(w, text);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteReasoningItem(Utf8JsonWriter w, string itemId, string? summary)
    {
        w.WriteStartObject();
        w.WriteString("id", itemId);
        w.WriteString("type", "reasoning");
        w.WriteStartArray("summary");
        if (summary is not null)
        {
            w.WriteStartObject();
            w.WriteString("type", "summary_text");
            w.WriteString("text", summary);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFunctionCallItem(Utf8JsonWriter w, string itemId, ScriptedToolCall call, bool done)
    {
        w.WriteStartObject();
        w.WriteString("id", itemId);
        w.WriteString("type", "function_call");
        w.WriteString("status", done ? "completed" : "in_progress");
        w.WriteString("arguments", done ? call.Arguments : string.Empty);
        w.WriteString("call_id", call.Id);
        w.WriteString("name", call.Name);
        w.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static void WriteSummaryPart(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject("part");
        w.WriteString("type", "summary_text");
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static void WriteContentPointer(Utf8JsonWriter w, string itemId, int outputIndex)
    {
        w.WriteString("item_id", itemId);
        w.WriteNumber("output_index", outputIndex);
        w.WriteNumber("content_index", 0);
    }

    private static void WriteSummaryPointer(Utf8JsonWriter w, string itemId, int outputIndex)
    {
        w.WriteString("item_id", itemId);
        w.WriteNumber("output_index", outputIndex);
        w.WriteNumber("summary_index", 0);
    }

    private static bool HasMessage(ReplyPlan plan) => plan.Content.Length > 0 || (plan.ToolCalls.Count == 0 && plan.Reasoning is null);

    private static bool IsIncomplete(ReplyPlan plan) => plan.FinishReason == "length";

    /// <summary>Numbers events and writes each as "event: name" + "data: {type, sequence_number, ...}".</summary>
    private sealed class EventSequence(HttpContext context)
    {
        private int _next;

        public Task SendAsync(string type, Action<Utf8JsonWriter> fields)
        {
            int sequence = _next++;
            byte[] json = JsonOutput.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteNumber("sequence_number", sequence);
                fields(w);
                w.WriteEndObject();
            });
            return SseWriter.WriteAsync(context, type, json);
        }
    }
}
