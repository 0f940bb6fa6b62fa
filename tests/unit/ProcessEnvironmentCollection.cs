using Xunit;

namespace VivgridPS.Tests
{
    /// <summary>
    /// Tests that change process-wide environment variables (VIVGRID_CATALOG, ...) run alone: other tests read
    /// ModelCatalog.Current, which follows the variable.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
        public const string Name = "Process environment";
    }
}
