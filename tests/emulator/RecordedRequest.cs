namespace VivgridEmulator;

/// <summary>One /v1 request as the emulator saw it; timestamps come from DateTime.UtcNow.</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(string method, string path, IReadOnlyDictionary<string, string> headers, string body, DateTime receivedAt)
    {
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        ReceivedAt = receivedAt;
    }

    public string Method { get; }

    /// <summary>Path plus query string, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>All request headers (multi-valued ones joined with ", "), including Authorization.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    public DateTime ReceivedAt { get; }

    /// <summary>When the response headers went out; null if the request was reset or is still waiting.</summary>
    public DateTime? FirstByteAt { get; internal set; }

    /// <summary>When the first non-empty content delta of a streamed chat completion was flushed; null otherwise.</summary>
    public DateTime? FirstContentAt { get; internal set; }

    /// <summary>When the emulator finished (or aborted) the request; null while it is in flight.</summary>
    public DateTime? CompletedAt { get; internal set; }

    internal RecordedRequest Snapshot() =>
        new(Method, Path, Headers, Body, ReceivedAt) { FirstByteAt = FirstByteAt, FirstContentAt = FirstContentAt, CompletedAt = CompletedAt };
}
