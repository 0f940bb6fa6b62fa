using System;
using System.Net;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// Turns on TLS 1.2 (always) and TLS 1.3 (where the runtime accepts it) for the ServicePointManager stack that
    /// .NET Framework's HttpClient uses; Windows PowerShell 5.1 otherwise starts with SSL 3/TLS 1.0 only.
    /// A protocol the runtime lacks is skipped, not thrown: .NET Framework before 4.8 rejects the TLS 1.3 bit with
    /// NotSupportedException, and an exception here would fail the module import (Windows PowerShell does not catch
    /// errors from OnImport).
    /// </summary>
    public static class TlsProtocolSetup
    {
        // The enum members are missing from older reference assemblies, hence the numbers.
        public const SecurityProtocolType Tls12 = (SecurityProtocolType)3072;
        public const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;
        public const SecurityProtocolType SystemDefault = 0;

        /// <summary>Applies the set-up to the process (ServicePointManager.SecurityProtocol) and returns what is in force.</summary>
#pragma warning disable SYSLIB0014 // Obsolete on .NET (which ignores it); it is the setting .NET Framework's HttpClient reads.
        public static SecurityProtocolType Apply() =>
            Apply(() => ServicePointManager.SecurityProtocol, value => ServicePointManager.SecurityProtocol = value);
#pragma warning restore SYSLIB0014

        /// <summary>The set-up against any store of the setting; tests pass a stand-in that rejects TLS 1.3.</summary>
        public static SecurityProtocolType Apply(Func<SecurityProtocolType> read, Action<SecurityProtocolType> write)
        {
            SecurityProtocolType current = read();
            // SystemDefault (0) lets the OS choose, which already includes TLS 1.2 (and 1.3 where Windows has it):
            // naming protocols would only narrow that.
            if (current == SystemDefault) return current;
            // TLS 1.3 first; where the runtime rejects it (before .NET Framework 4.8), TLS 1.2 alone.
            if (!TryWrite(write, current | Tls12 | Tls13)) TryWrite(write, current | Tls12);
            return read();
        }

        private static bool TryWrite(Action<SecurityProtocolType> write, SecurityProtocolType value)
        {
            try
            {
                write(value);
                return true;
            }
            catch (Exception e) when (e is NotSupportedException || e is ArgumentException)
            {
                // "The requested security protocol is not supported": this runtime predates the protocol.
                return false;
            }
        }
    }
}
