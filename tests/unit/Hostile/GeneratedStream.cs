using VivgridPS.Core.Http;
using System;
using System.Text;

namespace VivgridPS.Tests.Hostile;

/// <summary>
/// A body of any length that costs no memory: a prefix, then <c>fill</c> repeated up to a total length. A 400 MB
/// line without a newline is 400 MB read, never 400 MB held.
/// </summary>
internal sealed class GeneratedStream : ForwardOnlyReadStream
{
    private readonly byte[] _prefix;
    private readonly byte _fill;
    private readonly long _length;
    private long _position;

    public GeneratedStream(string prefix, char fill, long length)
    {
        _prefix = Encoding.UTF8.GetBytes(prefix);
        _fill = (byte)fill;
        _length = length;
    }

    public long BytesRead => _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        int written = 0;
        while (written < count && _position < _length)
        {
            if (_position < _prefix.Length)
            {
                int take = (int)Math.Min(count - written, _prefix.Length - _position);
                Array.Copy(_prefix, _position, buffer, offset + written, take);
                written += take;
                _position += take;
                continue;
            }

            int fill = (int)Math.Min(count - written, _length - _position);
            buffer.AsSpan(offset + written, fill).Fill(_fill);
            written += fill;
            _position += fill;
        }

        return written;
    }
}
