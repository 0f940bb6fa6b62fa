using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// Tests that measure wall-clock behaviour (idle timeouts, prompt cancel) run alone: beside the CPU-heavy property
    /// tests the thread pool is starved and a simulated server's 100 ms pause stretched to 700 ms, which is the
    /// test's server being slow, not the code under test.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TimingSensitiveCollection
    {
        public const string Name = "Timing-sensitive streaming";
    }
}
