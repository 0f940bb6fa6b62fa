using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VivgridEmulator;

/// <summary>One writer configuration for every JSON the emulator emits, and a helper that returns the bytes.</summary>
internal static class JsonOutput
{
    // Relaxed escaping keeps non-ASCII text readable, as real OpenAI-compatible services send it.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
