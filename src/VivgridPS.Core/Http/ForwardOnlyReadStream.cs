using System;
using System.IO;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// A stream that can only be read forward, as a network body is: no length, no seeking, no writing. Subclasses
    /// say only how they read; everything else is refused here once.
    /// </summary>
    public abstract class ForwardOnlyReadStream : Stream
    {
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
