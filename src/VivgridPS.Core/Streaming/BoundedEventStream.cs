using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Streaming
{
    /// <summary>
    /// A read-only wrapper that fails once one server-sent event (the bytes between two blank lines, line ends not
    /// counted) grows past a cap. SseParser buffers a line until its end arrives, so a line that never ends would grow
    /// its buffer without bound; counting the bytes as they pass, before the parser sees them, is the only place the
    /// size can be stopped (SseParser has no limit of its own). Scanning is one IndexOfAny per run of text.
    /// It is a view: disposing it leaves the inner stream to its owner.
    /// </summary>
    public sealed class BoundedEventStream : ReadOnlyStreamView
    {
        private readonly int _maxEventBytes;
        private long _eventBytes;
        private bool _atLineStart = true;
        private bool _afterCarriageReturn;

        public BoundedEventStream(Stream inner, int maxEventBytes)
            : base(inner ?? throw new ArgumentNullException(nameof(inner)))
        {
            if (maxEventBytes <= 0) throw new ArgumentOutOfRangeException(nameof(maxEventBytes));
            _maxEventBytes = maxEventBytes;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int read = await Inner.ReadAsync(buffer, offset, Allowance(count), cancellationToken).ConfigureAwait(false);
            Count(new ReadOnlySpan<byte>(buffer, offset, read));
            return read;
        }

#if NET8_0_OR_GREATER
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await Inner.ReadAsync(buffer.Slice(0, Allowance(buffer.Length)), cancellationToken).ConfigureAwait(false);
            Count(buffer.Span.Slice(0, read));
            return read;
        }
#endif

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = Inner.Read(buffer, offset, Allowance(count));
            Count(new ReadOnlySpan<byte>(buffer, offset, read));
            return read;
        }

        /// <summary>
        /// Never asks for more than one byte past what the current event may still grow by: the parser's buffer grows
        /// to whatever a read brings, so a 16 MiB read near the cap would double what the cap lets it hold.
        /// </summary>
        private int Allowance(int count) => (int)Math.Max(1, Math.Min(count, _maxEventBytes - _eventBytes + 1));

        /// <summary>Line ends are CR, LF or CRLF (WHATWG); an empty line ends the event and restarts the count.</summary>
        private void Count(ReadOnlySpan<byte> data)
        {
            int i = 0;
            while (i < data.Length)
            {
                byte b = data[i];
                if (b == (byte)'\n')
                {
                    if (!_afterCarriageReturn) EndLine();
                    _afterCarriageReturn = false;
                    i++;
                    continue;
                }

                if (b == (byte)'\r')
                {
                    EndLine();
                    _afterCarriageReturn = true;
                    i++;
                    continue;
                }

                _afterCarriageReturn = false;
                int run = data.Slice(i).IndexOfAny((byte)'\r', (byte)'\n');
                if (run < 0) run = data.Length - i;
                _eventBytes += run;
                _atLineStart = false;
                if (_eventBytes > _maxEventBytes)
                {
                    throw ResponseFaults.TooLarge("one streamed event", _maxEventBytes, "bytes");
                }

                i += run;
            }
        }

        private void EndLine()
        {
            if (_atLineStart) _eventBytes = 0;
            _atLineStart = true;
        }
    }
}
