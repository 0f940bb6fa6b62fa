using System;
using System.Text;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Turns a request into what each attempt sends. A request whose largest message text is big (a piped
    /// document) is sent as a <see cref="StreamedJsonBody"/>: the body is built once with a short marker in place
    /// of that text, split at the marker, and the text itself is encoded slice by slice while it is sent, so no
    /// UTF-8 copy of the whole prompt is ever held. Smaller requests are built whole, as before.
    /// </summary>
    public static class RequestBodyFactory
    {
        /// <summary>Below this many chars one small buffer is cheaper than slicing.</summary>
        public const int StreamThresholdChars = 64 * 1024;
        private const string Marker = "VIVGRID_STREAMED_VALUE_3c1f9e27b4d84a52";
        private static readonly byte[] MarkerBytes = Encoding.ASCII.GetBytes(Marker);

        public static RequestContent Create(ChatRequest request)
        {
            var largest = LargestMessage(request);
            if (largest < 0) return RequestContent.FromBytes(RequestBodyWriter.Build(request));
            var big = request.Messages[largest];
            var standIn = request.CopyOptions();
            standIn.Messages.AddRange(request.Messages);
            standIn.Messages[largest] = new VivgridPS.ChatMessage
            {
                Role = big.Role,
                Content = Marker,
                Attachments = big.Attachments,
                ToolCalls = big.ToolCalls,
                ToolCallId = big.ToolCallId,
                Name = big.Name,
            };
            var bytes = RequestBodyWriter.Build(standIn);
            var at = IndexOf(bytes, 0);
            // The marker must stand exactly once for the big text (a prompt that quotes it is built whole instead).
            if (at < 0 || IndexOf(bytes, at + MarkerBytes.Length) >= 0) return RequestContent.FromBytes(RequestBodyWriter.Build(request));
            var prefix = new byte[at];
            Buffer.BlockCopy(bytes.Array!, bytes.Offset, prefix, 0, at);
            var tail = at + MarkerBytes.Length;
            var suffix = new byte[bytes.Count - tail];
            Buffer.BlockCopy(bytes.Array!, bytes.Offset + tail, suffix, 0, suffix.Length);
            return RequestContent.FromStreamed(new StreamedJsonBody(prefix, big.Content!, suffix, RequestBodyWriter.WriterOptions.Encoder!));
        }

        private static int LargestMessage(ChatRequest request)
        {
            var index = -1;
            var size = StreamThresholdChars - 1;
            for (var i = 0; i < request.Messages.Count; i++)
            {
                var length = request.Messages[i].Content?.Length ?? 0;
                if (length > size)
                {
                    size = length;
                    index = i;
                }
            }
            return index;
        }

        private static int IndexOf(ArraySegment<byte> bytes, int from)
        {
            var data = bytes.Array!;
            var last = bytes.Count - MarkerBytes.Length;
            for (var i = from; i <= last; i++)
            {
                if (data[bytes.Offset + i] != MarkerBytes[0]) continue;
                var match = true;
                for (var j = 1; j < MarkerBytes.Length && match; j++) match = data[bytes.Offset + i + j] == MarkerBytes[j];
                if (match) return i;
            }
            return -1;
        }
    }
}
