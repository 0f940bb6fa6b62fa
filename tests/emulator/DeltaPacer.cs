using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;

namespace VivgridEmulator;

/// <summary>
/// Sits between every delta a writer sends: waits chunkDelayMs between them and fires a scripted disconnect or stall
/// once <c>afterChunks</c> deltas have gone out.
/// </summary>
internal sealed class DeltaPacer
{
    private readonly HttpContext _context;
    private readonly int _chunkDelayMs;
    private readonly string? _fault;
    private readonly int _afterChunks;
    private int _sent;

    private readonly int _silenceMs;

    public DeltaPacer(HttpContext context, int chunkDelayMs, string? fault, int afterChunks, int silenceMs = 0)
    {
        _context = context;
        _chunkDelayMs = chunkDelayMs;
        _fault = fault;
        _afterChunks = afterChunks;
        _silenceMs = silenceMs;
    }

    public static DeltaPacer For(HttpContext context, ReplyPlan plan) => new(context, plan.ChunkDelayMs, plan.Fault, plan.AfterChunks, plan.SilenceMs);

    /// <summary>The scripted silence of a model that reasons before it writes: the stream is open and sends nothing.</summary>
    public async Task SilenceAsync()
    {
        if (_silenceMs > 0)
        {
            await _context.Response.Body.FlushAsync(_context.RequestAborted);
            await Task.Delay(_silenceMs, _context.RequestAborted);
        }
    }

    public bool HasStreamFault => _fault is "disconnect" or "stall";

    public async Task BeforeDeltaAsync()
    {
        if (HasStreamFault && _sent >= _afterChunks)
        {
            await TriggerAsync();
        }

        if (_sent > 0 && _chunkDelayMs > 0)
        {
            await Task.Delay(_chunkDelayMs, _context.RequestAborted);
        }

        _sent++;
    }

    /// <summary>A reply shorter than afterChunks still faults before it can complete.</summary>
    public async Task BeforeFinishAsync()
    {
        if (HasStreamFault)
        {
            await TriggerAsync();
        }
    }

    public async Task TriggerAsync()
    {
        await _context.Response.Body.FlushAsync(_context.RequestAborted);
        if (_fault == "stall")
        {
            // Hold the connection open and silent; the client's timeout or cancellation ends it.
            // Server shutdown also ends it, so disposing an emulator never waits on a stalled request.
            CancellationToken stopping = _context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted, stopping);
            await Task.Delay(Timeout.Infinite, either.Token);
        }

        await DisconnectAsync();
        throw new FaultInjectedException(_fault ?? "disconnect");
    }

    /// <summary>
    /// Ends the connection mid-body. An abortive close (RST) could make the client's kernel discard bytes it has not
    /// read yet, so the socket is half-closed first (FIN after the sent data) and aborted once the client hangs up.
    /// </summary>
    private async Task DisconnectAsync()
    {
        Socket? socket = _context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is not null)
        {
            try
            {
                // FlushAsync only hands bytes to Kestrel's transport; give it a moment to put them on the wire.
                await Task.Delay(50, _context.RequestAborted);
                socket.Shutdown(SocketShutdown.Send);
                await Task.Delay(TimeSpan.FromSeconds(5), _context.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        _context.Abort();
    }
}
