using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace VivgridPS.Tests;

/// <summary>
/// Several test classes run at once and some of them block pool threads on purpose (a consumer waiting in
/// TryTake, as the pipeline thread does in the cmdlet). On a 2-core runner the pool starts with 2 threads and adds
/// roughly one per second when starved, so a cancellation continuation could wait a second for a thread: the CI
/// once saw a 5 ms cancel take 994 ms that way. The product never blocks pool threads (the pipeline thread is the
/// runspace's own), so the tests give the pool the head-room the product's callers have.
/// </summary>
internal static class TestThreadPool
{
    [ModuleInitializer]
    internal static void Widen()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
