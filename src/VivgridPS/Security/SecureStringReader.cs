using System;
using System.Runtime.InteropServices;
using System.Security;

namespace VivgridPS.Security
{
    /// <summary>Reads a SecureString's text only at the moment the key is needed for a request header.</summary>
    internal static class SecureStringReader
    {
        public static string? ToPlainText(SecureString? secure)
        {
            if (secure is null || secure.Length == 0) return null;
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
