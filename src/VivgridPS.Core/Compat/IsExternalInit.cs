#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    /// <summary>Lets netstandard2.0 (Windows PowerShell 5.1) compile init-only setters; net5+ has the type built in.</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
