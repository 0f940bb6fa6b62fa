using VivgridPS.Core.Http;
using System;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Tests.Hostile;

/// <summary>A body that sends one byte per <c>interval</c> forever (never idle, never done), or nothing at all.</summary>
internal sealed class TrickleStream : ForwardOnlyReadStream
{
    private readonly TimeSpan? _interval;

    /// <param name="interval">null: never sends a byte.</param>
    public TrickleStream(TimeSpan? interval) => _interval = interval;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        await Task.Delay(_interval ?? Timeout.InfiniteTimeSpan, cancellationToken);
        buffer[offset] = (byte)' ';
        return 1;
    }
}
