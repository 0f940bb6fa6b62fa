using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// A JSON body made of fixed bytes around one large string value that is escaped and UTF-8 encoded slice by
    /// slice while it is sent. A 1.6 MB prompt then never exists as a 1.6 MB UTF-8 buffer, nor as the larger
    /// escape and output buffers Utf8JsonWriter grows for one huge value; only ~64 KB scratch per write is used.
    /// Each slice goes through Utf8JsonWriter with the same encoder as the whole body, so the bytes are exactly
    /// those a single WriteString would have produced (slices never split a surrogate pair).
    /// </summary>
    public sealed class StreamedJsonBody
    {
        private const int SliceChars = 8 * 1024;
        private readonly byte[] _prefix;
        private readonly string _value;
        private readonly byte[] _suffix;
        private readonly JsonWriterOptions _options;
        private long _length = -1;

        /// <param name="prefix">JSON up to and including the opening quote of the large value.</param>
        /// <param name="value">The large string value, unescaped.</param>
        /// <param name="suffix">JSON from the closing quote of the large value to the end.</param>
        public StreamedJsonBody(byte[] prefix, string value, byte[] suffix, JavaScriptEncoder encoder)
        {
            _prefix = prefix;
            _value = value;
            _suffix = suffix;
            _options = new JsonWriterOptions { Encoder = encoder, SkipValidation = true };
        }

        public long Length
        {
            get
            {
                if (_length < 0)
                {
                    long total = _prefix.Length + _suffix.Length;
                    ForEachSlice((buffer, count) => total += count, CancellationToken.None);
                    _length = total;
                }
                return _length;
            }
        }

        public void WriteTo(Stream stream, CancellationToken cancellationToken)
        {
            stream.Write(_prefix, 0, _prefix.Length);
            ForEachSlice((buffer, count) => stream.Write(buffer, 1, count), cancellationToken);
            stream.Write(_suffix, 0, _suffix.Length);
        }

        public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(_prefix, 0, _prefix.Length, cancellationToken).ConfigureAwait(false);
            using var scratch = new MemoryStream(SliceChars * 2);
            using var writer = new Utf8JsonWriter(scratch, _options);
            for (var start = 0; start < _value.Length;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = EncodeSlice(writer, scratch, ref start);
                await stream.WriteAsync(scratch.GetBuffer(), 1, count, cancellationToken).ConfigureAwait(false);
            }
            await stream.WriteAsync(_suffix, 0, _suffix.Length, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The first <paramref name="maxBytes"/> bytes as text (for -Debug), without encoding the rest.</summary>
        public string Preview(int maxBytes)
        {
            using var head = new MemoryStream();
            head.Write(_prefix, 0, _prefix.Length);
            ForEachSlice((buffer, count) =>
            {
                if (head.Length < maxBytes) head.Write(buffer, 1, count);
            }, CancellationToken.None, stopAfterBytes: maxBytes);
            if (head.Length < maxBytes) head.Write(_suffix, 0, _suffix.Length);
            return Encoding.UTF8.GetString(head.GetBuffer(), 0, (int)Math.Min(head.Length, maxBytes));
        }

        /// <summary>Calls <paramref name="onSlice"/> with each encoded slice at buffer[1..1+count).</summary>
        private void ForEachSlice(Action<byte[], int> onSlice, CancellationToken cancellationToken, long stopAfterBytes = long.MaxValue)
        {
            using var scratch = new MemoryStream(SliceChars * 2);
            using var writer = new Utf8JsonWriter(scratch, _options);
            long written = 0;
            for (var start = 0; start < _value.Length && written < stopAfterBytes;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = EncodeSlice(writer, scratch, ref start);
                onSlice(scratch.GetBuffer(), count);
                written += count;
            }
        }

        /// <summary>
        /// Writes the next slice as a JSON string into <paramref name="scratch"/>; the escaped bytes without the quotes
        /// are at [1..1+count).
        /// </summary>
        private int EncodeSlice(Utf8JsonWriter writer, MemoryStream scratch, ref int start)
        {
            var length = Math.Min(SliceChars, _value.Length - start);
            // Keep a surrogate pair together: a lone half would be escaped differently from the whole character.
            if (start + length < _value.Length && char.IsHighSurrogate(_value[start + length - 1]) && length > 1) length--;
            scratch.SetLength(0);
            writer.Reset(scratch);
            writer.WriteStringValue(_value.AsSpan(start, length));
            writer.Flush();
            start += length;
            return (int)scratch.Length - 2;
        }
    }
}
