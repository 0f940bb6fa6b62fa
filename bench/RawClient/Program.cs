using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Baseline client for the benchmarks: plain HttpClient + System.Text.Json + a minimal SSE loop, the code a user
// would write instead of the module. Usage:
//   RawClient first <baseUri>                   one streamed request; prints "elapsedMs=<ms from Main>" and the answer
//   RawClient seq <baseUri> <count> <stream|nonstream>   prints "elapsedMs=<ms for the loop>"
var started = Stopwatch.StartNew();
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: RawClient first|seq <baseUri> [count] [stream|nonstream]");
    return 2;
}

string baseUri = args[1].TrimEnd('/');
using var http = new HttpClient();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-key");
var endpoint = new Uri(baseUri + "/chat/completions");

switch (args[0])
{
    case "first":
    {
        string answer = await RawChat.StreamAsync(http, endpoint, "Say hello");
        double ms = started.Elapsed.TotalMilliseconds;
        if (answer.Length == 0) { Console.Error.WriteLine("empty answer"); return 1; }
        Console.WriteLine("elapsedMs=" + ms.ToString("F2", CultureInfo.InvariantCulture));
        Console.WriteLine(answer);
        return 0;
    }
    case "seq":
    {
        int count = int.Parse(args[2], CultureInfo.InvariantCulture);
        bool stream = args[3] == "stream";
        // 100 warm-up calls so the loop measures steady state (tiered JIT, pooled connection), as every column does.
        for (int w = 0; w < 100; w++) await RunOne(http, endpoint, stream, w);
        var loop = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            await RunOne(http, endpoint, stream, i);
        }

        Console.WriteLine("elapsedMs=" + loop.Elapsed.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture));
        return 0;
    }
    default:
        Console.Error.WriteLine("unknown mode " + args[0]);
        return 2;
}

static async Task RunOne(HttpClient http, Uri endpoint, bool stream, int i)
{
    string prompt = "Say hello " + i.ToString(CultureInfo.InvariantCulture);
    string answer = stream ? await RawChat.StreamAsync(http, endpoint, prompt) : await RawChat.CompleteAsync(http, endpoint, prompt);
    if (answer.Length == 0) throw new InvalidOperationException("empty answer");
}

internal static class RawChat
{
    public static async Task<string> CompleteAsync(HttpClient http, Uri endpoint, string prompt)
    {
        using var content = new ByteArrayContent(Body(prompt, stream: false));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await http.PostAsync(endpoint, content);
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync();
        using JsonDocument doc = await JsonDocument.ParseAsync(body);
        return doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? "";
    }

    /// <summary>Minimal SSE: read lines, take "data: " payloads, stop at [DONE], append choices[0].delta.content.</summary>
    public static async Task<string> StreamAsync(HttpClient http, Uri endpoint, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Content = new ByteArrayContent(Body(prompt, stream: true));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = new StringBuilder();
        while (await reader.ReadLineAsync() is string line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            string data = line.Substring(6);
            if (data == "[DONE]") break;
            using JsonDocument doc = JsonDocument.Parse(data);
            JsonElement choices = doc.RootElement.GetProperty("choices");
            if (choices.GetArrayLength() == 0) continue;
            if (choices[0].GetProperty("delta").TryGetProperty("content", out JsonElement delta) && delta.ValueKind == JsonValueKind.String)
            {
                text.Append(delta.GetString());
            }
        }

        return text.ToString();
    }

    private static byte[] Body(string prompt, bool stream)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", "gpt-5.4-mini");
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", prompt);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBoolean("stream", stream);
            if (stream)
            {
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
