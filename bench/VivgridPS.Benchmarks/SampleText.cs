using System.Text;

namespace VivgridPS.Benchmarks;

/// <summary>Deterministic English-like prose (~4 bytes per o200k token), the kind of text a report or log is.</summary>
public static class SampleText
{
    private static readonly string[] Words =
    [
        "the", "nightly", "build", "finished", "with", "three", "warnings", "and", "one", "flaky", "test", "in", "module",
        "payments", "latency", "p99", "rose", "to", "412", "ms", "after", "deploy", "of", "version", "2.14.3", "customer",
        "reported", "timeouts", "when", "uploading", "files", "larger", "than", "limit", "retry", "succeeded", "database",
        "migration", "completed", "in", "seconds", "cache", "hit", "ratio", "dropped", "below", "target", "for", "region",
        "eu-west", "investigate", "memory", "growth", "worker", "pool", "queue", "depth", "error", "rate", "stable",
    ];

    public static string Create(int bytes)
    {
        var text = new StringBuilder(bytes + 64);
        var random = new Random(42);
        int wordsInLine = 0;
        while (text.Length < bytes)
        {
            text.Append(Words[random.Next(Words.Length)]);
            if (++wordsInLine == 14) { text.Append(".\n"); wordsInLine = 0; } else { text.Append(' '); }
        }

        return text.ToString(0, bytes);
    }
}
