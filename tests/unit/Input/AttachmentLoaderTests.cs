using System;
using System.IO;
using System.Linq;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Input;
using Xunit;

namespace VivgridPS.Tests.Input;

public sealed class AttachmentLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vivgrid-attach-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Magic(string ext) => ext switch
    {
        ".png" => new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 },
        ".jpg" or ".jpeg" => new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46 },
        ".gif" => "GIF89a\x01\0\x01\0"u8.ToArray(),
        ".webp" => "RIFF\x24\0\0\0WEBPVP8 "u8.ToArray(),
        _ => "%PDF-1.7\n%\xE2\xE3"u8.ToArray(),
    };

    [Theory]
    [InlineData(".png", "image/png", "image")]
    [InlineData(".jpg", "image/jpeg", "image")]
    [InlineData(".JPEG", "image/jpeg", "image")]
    [InlineData(".gif", "image/gif", "image")]
    [InlineData(".webp", "image/webp", "image")]
    [InlineData(".pdf", "application/pdf", "file")]
    public void Loads_each_type_with_real_magic_bytes(string ext, string mediaType, string kind)
    {
        var bytes = Magic(ext.ToLowerInvariant());
        var a = AttachmentLoader.Load(Write("f" + ext, bytes));
        Assert.Equal(mediaType, a.MediaType);
        Assert.Equal(kind, a.Kind);
        Assert.Equal("f" + ext, a.FileName);
        Assert.Equal(bytes.Length, a.Length);
        Assert.Equal("data:" + mediaType + ";base64," + Convert.ToBase64String(bytes), a.DataUri);
        Assert.True(AttachmentLoader.IsAttachmentPath("f" + ext));
    }

    [Theory]
    [InlineData("photo.png", ".pdf")]
    [InlineData("photo.jpg", ".png")]
    [InlineData("doc.pdf", ".png")]
    [InlineData("anim.webp", ".gif")]
    public void Wrong_magic_is_refused(string name, string actualType)
    {
        var e = Assert.Throws<VivgridException>(() => AttachmentLoader.Load(Write(name, Magic(actualType))));
        Assert.Equal(VivgridErrorId.InvalidAttachment, e.ErrorId);
        Assert.Contains("content is not", e.Message);
    }

    [Fact]
    public void Unsupported_extension_is_refused()
    {
        var e = Assert.Throws<VivgridException>(() => AttachmentLoader.Load(Write("a.bmp", new byte[] { 0x42, 0x4D })));
        Assert.Equal(VivgridErrorId.InvalidAttachment, e.ErrorId);
        Assert.False(AttachmentLoader.IsAttachmentPath("a.bmp"));
    }

    [Fact]
    public void Empty_and_missing_files_are_refused()
    {
        Assert.Equal(VivgridErrorId.InvalidAttachment, Assert.Throws<VivgridException>(() => AttachmentLoader.Load(Write("e.png", Array.Empty<byte>()))).ErrorId);
        Assert.Equal(VivgridErrorId.InvalidAttachment, Assert.Throws<VivgridException>(() => AttachmentLoader.Load(Path.Combine(_dir, "missing.png"))).ErrorId);
    }

    [Fact]
    public void Oversized_image_is_refused_from_its_length_without_reading_it()
    {
        // A sparse file: SetLength allocates nothing on ext4/NTFS, so 20 MB + 1 costs no disk or time.
        var path = Path.Combine(_dir, "huge.png");
        using (var f = new FileStream(path, FileMode.Create))
        {
            f.Write(Magic(".png"));
            f.SetLength(AttachmentLoader.MaxImageBytes + 1);
        }
        var e = Assert.Throws<VivgridException>(() => AttachmentLoader.Load(path));
        Assert.Equal(VivgridErrorId.InvalidAttachment, e.ErrorId);
        Assert.Contains("limit", e.Message);
    }
}
