using VivgridPS.Core.Http;
using System;
using System.IO;
using System.Linq;
using System.Text;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Input;
using Xunit;

namespace VivgridPS.Tests.Input;

public sealed class TextFileReaderTests : IDisposable
{
    private const string Sample = "Grüße, 日本, 😀 \"q\"\r\nline 2";
    private readonly string _dir = Directory.CreateTempSubdirectory("vivgrid-text-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Encoding EncodingNamed(string name) => name switch
    {
        "utf8" => new UTF8Encoding(false),
        "utf8bom" => new UTF8Encoding(true),
        "utf16le" => new UnicodeEncoding(false, true),
        "utf16be" => new UnicodeEncoding(true, true),
        "utf32le" => new UTF32Encoding(false, true),
        _ => new UTF32Encoding(true, true),
    };

    public static TheoryData<string> Encodings => new TheoryData<string> { "utf8", "utf8bom", "utf16le", "utf16be", "utf32le", "utf32be" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decodes_every_supported_encoding(string name)
    {
        var enc = EncodingNamed(name);
        var bytes = enc.GetPreamble().Concat(enc.GetBytes(Sample)).ToArray();
        Assert.Equal(Sample, TextFileReader.Read(Write(name + ".txt", bytes)));
    }

    [Fact]
    public void Binary_with_NUL_is_refused()
    {
        var e = Assert.Throws<VivgridException>(() => TextFileReader.Read(Write("a.bin", new byte[] { 0x41, 0x00, 0x42 })));
        Assert.Equal(VivgridErrorId.InvalidInputFile, e.ErrorId);
        Assert.Contains("binary", e.Message);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var e = Assert.Throws<VivgridException>(() => TextFileReader.Read(Write("latin1.txt", new byte[] { 0x63, 0x61, 0x66, 0xE9, 0x20 })));
        Assert.Equal(VivgridErrorId.InvalidInputFile, e.ErrorId);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Missing_file_is_refused_with_its_path()
    {
        var path = Path.Combine(_dir, "nope.txt");
        var e = Assert.Throws<VivgridException>(() => TextFileReader.Read(path));
        Assert.Equal(VivgridErrorId.InvalidInputFile, e.ErrorId);
        Assert.Equal(path, e.Target);
    }

    [Fact]
    public void Oversized_file_is_refused_before_reading()
    {
        var path = Write("big.txt", Encoding.UTF8.GetBytes(new string('a', 2048)));
        var e = Assert.Throws<VivgridException>(() => TextFileReader.Read(path, maxBytes: 1024));
        Assert.Equal(VivgridErrorId.InvalidInputFile, e.ErrorId);
        Assert.Contains("2,048", e.Message);
        Assert.Equal(new string('a', 2048), TextFileReader.Read(path, maxBytes: 2048));
    }

    [Fact]
    public void Empty_file_is_empty_text()
    {
        Assert.Equal(string.Empty, TextFileReader.Read(Write("empty.txt", Array.Empty<byte>())));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void The_prefix_comes_first_in_the_same_string(string name)
    {
        var enc = EncodingNamed(name);
        var path = Write(name + ".txt", enc.GetPreamble().Concat(enc.GetBytes(Sample)).ToArray());
        Assert.Equal("Summarize\n\n" + Sample, TextFileReader.Read(path, "Summarize\n\n"));
    }

    [Theory]
    [InlineData("utf8", 65536 - 1)]
    [InlineData("utf8", 65536 - 2)]
    [InlineData("utf8", 65536 - 3)]
    [InlineData("utf8bom", 65536 - 2)]
    [InlineData("utf16le", 65536 - 2)]
    [InlineData("utf16be", 65536 - 2)]
    [InlineData("utf32le", 65536 - 4)]
    public void A_character_split_across_the_64K_read_chunks_is_decoded_whole(string name, int emojiAt)
    {
        var enc = EncodingNamed(name);
        var preamble = enc.GetPreamble();
        var unit = enc.GetByteCount("a");
        // Reads are 64 KB chunks counted from the end of the byte-order mark: pad so that the emoji's bytes start
        // emojiAt bytes into the text and straddle the first chunk boundary (UTF-32 cannot straddle it: control).
        var padding = new string('a', emojiAt / unit);
        var text = padding + "😀é日" + new string('z', 70_000) + "✓";
        var bytes = preamble.Concat(enc.GetBytes(text)).ToArray();
        Assert.Equal(text, TextFileReader.Read(Write(name + ".txt", bytes)));
        using var stream = new MemoryStream(bytes);
        var decoder = new TextFileDecoder(stream, enc, preamble.Length, bytes.Length);
        Assert.Equal("> " + text, decoder.Decode("> "));
        Assert.False(decoder.ReadAgain, "the two-pass decode fell back to reading the file whole");
    }

    [Fact]
    public void Random_text_of_many_sizes_matches_File_ReadAllText()
    {
        var random = new Random(7);
        var pieces = new[] { "a", "b", " ", "c", "\n", "\t", "é", "日", "😀", "\"", "\\", "\u0001" };
        foreach (var length in new[] { 1, 2, 100, 8191, 8192, 65535, 65536, 65537, 131_072, 200_003 })
        {
            var chars = new System.Text.StringBuilder();
            while (chars.Length < length) chars.Append(pieces[random.Next(pieces.Length)]);
            var path = Write($"r{length}.txt", new UTF8Encoding(false).GetBytes(chars.ToString()));
            Assert.Equal(File.ReadAllText(path), TextFileReader.Read(path));
        }
    }

    [Fact]
    public void An_invalid_sequence_in_a_file_with_a_byte_order_mark_becomes_U_FFFD()
    {
        // FF FE, then 'a', a lone high surrogate (D800) and 'b'; EF BB BF, then 'a', a stray C3 and '('.
        Assert.Equal("a\uFFFDb", TextFileReader.Read(Write("lone16.txt", new byte[] { 0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00 })));
        Assert.Equal("a\uFFFD(", TextFileReader.Read(Write("lone8.txt", new byte[] { 0xEF, 0xBB, 0xBF, 0x61, 0xC3, 0x28 })));
    }

    [Fact]
    public void A_log_still_open_for_writing_by_another_process_can_be_read()
    {
        var path = Path.Combine(_dir, "active.log");
        using var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var line = Encoding.UTF8.GetBytes("service started\n");
        writer.Write(line, 0, line.Length);
        writer.Flush();
        Assert.Equal("service started\n", TextFileReader.Read(path));
    }

    [Fact]
    public void Invalid_utf8_far_past_the_first_chunk_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('a', 150_000)).Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var e = Assert.Throws<VivgridException>(() => TextFileReader.Read(Write("late.txt", bytes)));
        Assert.Equal(VivgridErrorId.InvalidInputFile, e.ErrorId);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void A_byte_order_mark_alone_is_empty_text()
    {
        Assert.Equal(string.Empty, TextFileReader.Read(Write("bom.txt", new byte[] { 0xEF, 0xBB, 0xBF })));
        Assert.Equal("p", TextFileReader.Read(Write("bom2.txt", new byte[] { 0xFF, 0xFE }), "p"));
    }

    [Theory]
    [InlineData(150_000, 100_000)]
    [InlineData(70_000, 10)]
    public void A_file_that_shrinks_between_the_two_passes_is_read_again_whole(int firstLength, int secondLength)
    {
        var first = Encoding.UTF8.GetBytes(new string('a', firstLength));
        var second = Encoding.UTF8.GetBytes(new string('b', secondLength));
        using var stream = new SwappingStream(first, second);
        var decoder = new TextFileDecoder(stream, new UTF8Encoding(false, true), 0, first.Length);
        Assert.Equal("p:" + new string('b', secondLength), decoder.Decode("p:"));
        Assert.True(decoder.ReadAgain);
    }

    [Fact]
    public void A_log_that_grows_while_it_is_read_is_read_up_to_its_length_when_opened()
    {
        var first = Encoding.UTF8.GetBytes(new string('a', 100_000));
        using var stream = new SwappingStream(first, first.Concat(Encoding.UTF8.GetBytes(new string('b', 200_000))).ToArray());
        Assert.Equal("p:" + new string('a', 100_000), TextFileReader.Decode("growing.log", stream, "p:"));
    }

    [Fact]
    public void A_file_over_the_limit_when_opened_is_refused_even_if_it_was_under_it_when_checked()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(new string('a', 5000)));
        var e = Assert.Throws<VivgridException>(() => TextFileReader.Decode("grew.log", stream, null, maxBytes: 4096));
        Assert.Equal(VivgridErrorId.InvalidInputFile, e.ErrorId);
        Assert.Contains("5,000 bytes, over the 4,096-byte limit", e.Message);
    }

    [Fact]
    public void A_pipe_that_cannot_seek_is_read_within_the_limit()
    {
        var bytes = new UTF8Encoding(false).GetBytes(Sample + new string('x', 100_000));
        using (var pipe = new ForwardOnlyStream(bytes))
        {
            Assert.Equal("p:" + Sample + new string('x', 100_000), TextFileReader.Decode("fifo", pipe, "p:"));
        }
        using (var pipe = new ForwardOnlyStream(bytes))
        {
            var e = Assert.Throws<VivgridException>(() => TextFileReader.Decode("fifo", pipe, null, maxBytes: 65_536));
            Assert.Contains("more than 65,536 bytes", e.Message);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task A_real_named_pipe_is_read()
    {
        if (OperatingSystem.IsWindows()) return; // mkfifo is POSIX; the stream-level test above covers the logic
        var fifo = Path.Combine(_dir, "report.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var writer = System.Threading.Tasks.Task.Run(() => File.WriteAllText(fifo, "from a pipe\n"));
        Assert.Equal("from a pipe\n", TextFileReader.Read(fifo));
        await writer.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>A stream like a named pipe: read forward only, no length, no seeking.</summary>
    private sealed class ForwardOnlyStream : ForwardOnlyReadStream
    {
        private readonly MemoryStream _inner;

        public ForwardOnlyStream(byte[] bytes) => _inner = new MemoryStream(bytes);

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));
    }

    /// <summary>Serves <c>first</c> until the second rewind to the start (the decode pass), then <c>second</c>.</summary>
    private sealed class SwappingStream : MemoryStream
    {
        private readonly byte[] _second;
        private int _rewinds;

        public SwappingStream(byte[] first, byte[] second)
        {
            _second = second;
            Write(first, 0, first.Length);
            base.Position = 0;
        }

        public override long Position
        {
            get => base.Position;
            set
            {
                if (value == 0 && ++_rewinds == 2)
                {
                    SetLength(0);
                    Write(_second, 0, _second.Length);
                }
                base.Position = value;
            }
        }
    }
}
