using System;
using System.Collections.Generic;
using System.IO;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Input
{
    /// <summary>
    /// Turns an image or PDF file into a content part (base64 data URI), checking type by extension AND by the
    /// file's magic bytes, and size, before anything is sent.
    /// </summary>
    public static class AttachmentLoader
    {
        /// <summary>OpenAI's documented limits: 20 MB per image, 32 MB per PDF (and per request).</summary>
        public const long MaxImageBytes = 20L * 1024 * 1024;
        public const long MaxPdfBytes = 32L * 1024 * 1024;

        private static readonly Dictionary<string, string> MediaTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".png"] = "image/png",
            [".jpg"] = "image/jpeg",
            [".jpeg"] = "image/jpeg",
            [".gif"] = "image/gif",
            [".webp"] = "image/webp",
            [".pdf"] = "application/pdf",
        };

        public static bool IsAttachmentPath(string path) => MediaTypes.ContainsKey(Path.GetExtension(path));

        public static VivgridPS.ChatAttachment Load(string path)
        {
            var extension = Path.GetExtension(path);
            if (Directory.Exists(path)) throw Invalid(path, "it is a folder, not a file", "Attach files one by one, e.g. -Attachment (Get-ChildItem ./dir/*.png).");
            if (extension.Length == 0)
            {
                throw Invalid(path, "it has no file extension, so its type is unknown",
                    "Attach png, jpg, jpeg, gif, webp or pdf files (named with their extension); pipe text files in instead.");
            }
            if (!MediaTypes.TryGetValue(extension, out var mediaType))
            {
                throw Invalid(path, $"'{extension}' files are not supported",
                    "Attach png, jpg, jpeg, gif, webp or pdf files; pipe text files in instead.");
            }
            var file = new FileInfo(path);
            if (!file.Exists) throw Invalid(path, "the file does not exist", "Check the path (relative paths are resolved from the current location).");
            var limit = mediaType == "application/pdf" ? MaxPdfBytes : MaxImageBytes;
            if (file.Length > limit)
            {
                throw Invalid(path, $"it is {file.Length:N0} bytes; the limit for {mediaType} is {limit:N0}",
                    "Resize or compress the image, or split the PDF.");
            }
            if (file.Length == 0) throw Invalid(path, "the file is empty", "Check the file.");
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Invalid(path, e.Message, "Check that the file is readable by this account and not locked.");
            }
            if (!MagicMatches(mediaType, bytes))
            {
                throw Invalid(path, $"its content is not {mediaType} (the extension says it is)",
                    "Check the file; it may be damaged or misnamed.");
            }
            return new VivgridPS.ChatAttachment
            {
                Kind = mediaType == "application/pdf" ? "file" : "image",
                MediaType = mediaType,
                FileName = Path.GetFileName(path),
                Length = bytes.Length,
                DataUri = "data:" + mediaType + ";base64," + Convert.ToBase64String(bytes),
            };
        }

        private static bool MagicMatches(string mediaType, byte[] b)
        {
            switch (mediaType)
            {
                case "image/png": return StartsWith(b, 0x89, 0x50, 0x4E, 0x47);
                case "image/jpeg": return StartsWith(b, 0xFF, 0xD8, 0xFF);
                case "image/gif": return StartsWith(b, 0x47, 0x49, 0x46, 0x38);
                case "image/webp": return b.Length >= 12 && StartsWith(b, 0x52, 0x49, 0x46, 0x46) && b[8] == 0x57 && b[9] == 0x45 && b[10] == 0x42 && b[11] == 0x50;
                case "application/pdf": return StartsWith(b, 0x25, 0x50, 0x44, 0x46);
                default: return false;
            }
        }

        private static bool StartsWith(byte[] b, params byte[] prefix)
        {
            if (b.Length < prefix.Length) return false;
            for (var i = 0; i < prefix.Length; i++)
            {
                if (b[i] != prefix[i]) return false;
            }
            return true;
        }

        private static VivgridException Invalid(string path, string why, string action) =>
            new VivgridException(VivgridErrorId.InvalidAttachment, VivgridErrorKind.InvalidArgument,
                $"Cannot attach '{path}': {why.TrimEnd('.', ' ')}.", action) { Target = path };
    }
}
