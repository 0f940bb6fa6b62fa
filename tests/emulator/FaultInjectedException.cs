namespace VivgridEmulator;

/// <summary>Unwinds a handler after the emulator deliberately aborted the connection.</summary>
internal sealed class FaultInjectedException : Exception
{
    public FaultInjectedException(string fault)
        : base("Injected fault: " + fault)
    {
    }
}
