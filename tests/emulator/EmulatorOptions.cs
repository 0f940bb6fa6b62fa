namespace VivgridEmulator;

/// <summary>How an emulator instance listens and behaves; every field has a safe default.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>Extra delay before every default (unscripted) reply, for benchmarks that want a realistic round trip.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Rate-limited mode: at most this many /v1 requests per second (token bucket), 429 beyond; 0 = off.</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>Folder that scripted <c>replay</c> file names resolve against; null uses the repository's tests/fixtures/realdata.</summary>
    public string? RealDataPath { get; set; }
}
