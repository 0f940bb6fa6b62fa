using Xunit;

// Cmdlet tests share process-wide state that PowerShell reads from the environment (VIVGRID_CATALOG,
// VIVGRID_USAGE_LOG): a test that points the catalog at a broken file must not run beside one that makes calls.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
