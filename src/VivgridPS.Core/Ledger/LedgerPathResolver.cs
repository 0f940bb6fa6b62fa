using System;
using System.IO;
using VivgridPS.Core.Errors;
using System.Runtime.InteropServices;

namespace VivgridPS.Core.Ledger
{
    /// <summary>
    /// Decides where the usage ledger lives (or that there is none) from environment variables only, so tests can
    /// drive every case with a dictionary instead of mutating the real process environment.
    /// </summary>
    internal static class LedgerPathResolver
    {
        internal const string FileName = "usage.jsonl";

        /// <summary>Values of VIVGRID_USAGE_LOG that switch the ledger off (compared case-insensitively).</summary>
        private static readonly string[] OffValues = { "off", "0", "false", "none" };

        /// <returns>The full ledger path, or null when the ledger is disabled.</returns>
        /// <param name="baseDirectory">What a relative VIVGRID_USAGE_LOG is relative to; null: the process's working directory.</param>
        internal static string? Resolve(Func<string, string?> getEnv, bool isWindows, string? baseDirectory)
        {
            if (getEnv is null) throw new ArgumentNullException(nameof(getEnv));

            string? configured = NonBlank(getEnv(UsageLedger.EnvironmentVariable));
            if (configured is not null)
            {
                return IsOff(configured) ? null : FromConfiguredValue(configured, baseDirectory);
            }

            return isWindows ? WindowsDefault(getEnv) : UnixDefault(getEnv);
        }

        internal static bool IsCurrentPlatformWindows() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static bool IsOff(string value)
        {
            string trimmed = value.Trim();
            foreach (string off in OffValues)
            {
                if (string.Equals(trimmed, off, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        /// <summary>
        /// A value naming a folder (trailing separator, or an existing directory) gets the default file name inside
        /// it, so VIVGRID_USAGE_LOG=/var/log/team/ does what its author meant instead of failing to open a directory.
        /// </summary>
        private static string FromConfiguredValue(string value, string? baseDirectory)
        {
            string path = value.Trim();
            if (baseDirectory is not null && !Path.IsPathRooted(path)) path = Path.Combine(baseDirectory, path);
            bool namesFolder = path.EndsWith("/", StringComparison.Ordinal)
                || path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                || Directory.Exists(path);
            return Path.GetFullPath(namesFolder ? Path.Combine(path, FileName) : path);
        }

        private static string WindowsDefault(Func<string, string?> getEnv)
        {
            string? localAppData = NonBlank(getEnv("LOCALAPPDATA"))
                ?? NonBlank(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData));
            if (localAppData is null)
            {
                throw NoDataFolder("LOCALAPPDATA is not set");
            }
            return Path.Combine(localAppData, "VivgridPS", FileName);
        }

        /// <summary>
        /// XDG Base Directory spec: $XDG_DATA_HOME if set and absolute (relative values must be ignored),
        /// otherwise $HOME/.local/share.
        /// </summary>
        private static string UnixDefault(Func<string, string?> getEnv)
        {
            string? xdg = NonBlank(getEnv("XDG_DATA_HOME"));
            if (xdg is not null && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "vivgridps", FileName);
            }

            string? home = NonBlank(getEnv("HOME")) ?? NonBlank(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
            if (home is null)
            {
                throw NoDataFolder("neither XDG_DATA_HOME nor HOME is set");
            }
            return Path.Combine(home, ".local", "share", "vivgridps", FileName);
        }

        private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        private static VivgridException NoDataFolder(string why) =>
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                "Cannot find the per-user data folder for the usage ledger: " + why + ".",
                "Set $env:VIVGRID_USAGE_LOG to a file path, or to 'off'.") { Target = "VIVGRID_USAGE_LOG" };
    }
}
