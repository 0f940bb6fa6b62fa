namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// What kind of failure, independent of PowerShell; the cmdlet layer maps each to an ErrorCategory.
    /// </summary>
    public enum VivgridErrorKind
    {
        InvalidArgument,
        InvalidData,
        Authentication,
        PermissionDenied,
        NotFound,
        LimitsExceeded,
        ResourceUnavailable,
        Timeout,
        ConnectionError,
        ProtocolError,
        Canceled,
        WriteError,
        ReadError,
    }
}
