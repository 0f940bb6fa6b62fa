using VivgridPS.Core.Http;
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// A read-only stream over fixed bytes that hands them out in chunks chosen by the test (1 byte at a time, random
    /// splits), and can break (IOException) or stall (wait until canceled) at a chosen offset, like a network body.
    /// </summary>
    internal sealed class ScriptedStream : ForwardOnlyReadStream
    {
        private readonly byte[] _data;
        private readonly Func<int> _nextChunkSize;
        private int _position;

        public ScriptedStream(byte[] data, Func<int>? nextChunkSize = null)
        {
            _data = data;
            _nextChunkSize = nextChunkSize ?? (() => int.MaxValue);
        }

        /// <summary>Offset at which reads throw IOException (connection reset).</summary>
        public int? FailAt { get; set; }
        /// <summary>Offset at which reads wait until their token is canceled (server stopped sending).</summary>
        public int? StallAt { get; set; }
        public int ReadCalls { get; private set; }

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ReadCalls++;
            if (FailAt is int fail && _position >= fail) throw new IOException("Connection reset by peer (simulated).");
            int limit = _data.Length;
            if (FailAt is int f) limit = Math.Min(limit, f);
            if (StallAt is int s) limit = Math.Min(limit, s);
            int n = Math.Min(Math.Min(count, Math.Max(1, _nextChunkSize())), limit - _position);
            if (n <= 0) return 0;
            Buffer.BlockCopy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (StallAt is int stall && _position >= stall) await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return Read(buffer, offset, count);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> array))
            {
                return await ReadAsync(array.Array!, array.Offset, array.Count, cancellationToken).ConfigureAwait(false);
            }

            byte[] temp = new byte[buffer.Length];
            int n = await ReadAsync(temp, 0, temp.Length, cancellationToken).ConfigureAwait(false);
            temp.AsSpan(0, n).CopyTo(buffer.Span);
            return n;
        }
    }
}
