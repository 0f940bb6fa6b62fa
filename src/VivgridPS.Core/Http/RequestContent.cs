using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// What every attempt of one request sends. A retry needs a fresh HttpContent each time, and a big body is
    /// kept as its source text (<see cref="StreamedJsonBody"/>) instead of as a UTF-8 copy, so only small bodies
    /// are held as bytes.
    /// </summary>
    public sealed class RequestContent
    {
        private readonly ArraySegment<byte> _bytes;
        private readonly StreamedJsonBody? _streamed;

        private RequestContent(ArraySegment<byte> bytes, StreamedJsonBody? streamed)
        {
            _bytes = bytes;
            _streamed = streamed;
        }

        public static RequestContent FromBytes(ArraySegment<byte> bytes) => new RequestContent(bytes, null);

        public static RequestContent FromStreamed(StreamedJsonBody body) =>
            new RequestContent(default, body ?? throw new ArgumentNullException(nameof(body)));

        /// <summary>The body's size in bytes (for a streamed body this encodes it once to count).</summary>
        public long Length => _streamed?.Length ?? _bytes.Count;

        /// <summary>True when the body is written to the network in slices rather than held as one buffer.</summary>
        public bool IsStreamed => _streamed != null;

        /// <summary>The first <paramref name="maxBytes"/> bytes as text, for -Debug dumps.</summary>
        public string Preview(int maxBytes)
        {
            if (_streamed != null) return _streamed.Preview(maxBytes);
            return Encoding.UTF8.GetString(_bytes.Array!, _bytes.Offset, Math.Min(_bytes.Count, maxBytes));
        }

        internal HttpContent CreateHttpContent()
        {
            HttpContent content = _streamed != null
                ? new StreamedJsonContent(_streamed)
                : new ByteArrayContent(_bytes.Array!, _bytes.Offset, _bytes.Count);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        }
    }
}
