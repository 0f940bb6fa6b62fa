using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Core.Http
{
    /// <summary>HttpContent that encodes a <see cref="StreamedJsonBody"/> straight into the request stream.</summary>
    internal sealed class StreamedJsonContent : HttpContent
    {
        private readonly StreamedJsonBody _body;

        public StreamedJsonContent(StreamedJsonBody body) => _body = body;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            _body.WriteToAsync(stream, CancellationToken.None);

#if NET8_0_OR_GREATER
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _body.WriteToAsync(stream, cancellationToken);

        // A synchronous HttpClient.Send serializes through this overload; the base class would throw.
        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _body.WriteTo(stream, cancellationToken);
#endif

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
