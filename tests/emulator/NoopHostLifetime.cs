using Microsoft.Extensions.Hosting;

namespace VivgridEmulator;

/// <summary>In-process servers must not hook Ctrl+C or SIGTERM of the test host; the owner disposes them instead.</summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
