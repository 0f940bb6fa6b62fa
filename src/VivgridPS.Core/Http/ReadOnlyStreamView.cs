using System;
using System.IO;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// The base of the forward-only read views over another stream (<see cref="IdleTimeoutStream"/>,
    /// Streaming.BoundedEventStream over a response body; the -Chunk sources' length-limited and non-closing views of
    /// a file): the subclass reads from <see cref="Inner"/>; everything else a forward-only view cannot do is refused
    /// here once. Whether disposing the view disposes the inner stream is the subclass's call.
    /// </summary>
    public abstract class ReadOnlyStreamView : Stream
    {
        protected ReadOnlyStreamView(Stream inner)
        {
            Inner = inner;
        }

        protected Stream Inner { get; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
