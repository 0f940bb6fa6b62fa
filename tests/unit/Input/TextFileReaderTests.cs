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

    public static TheoryData<string> Encodings => new TheoryData<string> { "utf8", "utf8bom", "utf16le", "utf16be", "utf32le", "utf32be" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decodes_every_supported_encoding(string name)
    {
        Encoding enc = name switch
        {
            "utf8" => new UTF8Encoding(false),
            "utf8bom" => new UTF8Encoding(true),
            "utf16le" => new UnicodeEncoding(false, true),
            "utf16be" => new UnicodeEncoding(true, true),
            "utf32le" => new UTF32Encoding(false, true),
            _ => new UTF32Encoding(true, true),
        };
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
}
