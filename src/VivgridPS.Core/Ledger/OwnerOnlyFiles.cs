using System.IO;

namespace VivgridPS.Core.Ledger
{
    /// <summary>
    /// Creates the ledger's folder and files readable by their owner only on Unix (0700 and 0600), at creation, so
    /// there is no moment in which another local user can open them (prompts and answers logged with -LogContent
    /// live there). Existing files and folders keep the mode their owner gave them. On Windows the per-user default
    /// folder (%LOCALAPPDATA%) is already private to the user, and the netstandard2.0 build runs only there.
    /// </summary>
    internal static class OwnerOnlyFiles
    {
        internal static void CreateFolder(string folder)
        {
#if NET8_0_OR_GREATER
            if (!System.OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return;
            }
#endif
            Directory.CreateDirectory(folder);
        }

        /// <summary>A FileStream that creates a missing file as 0600 on Unix; bufferSize 1 writes straight through.</summary>
        internal static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options = FileOptions.None)
        {
#if NET8_0_OR_GREATER
            if (!System.OperatingSystem.IsWindows())
            {
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = mode,
                    Access = access,
                    Share = share,
                    BufferSize = bufferSize,
                    Options = options,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
#endif
            return new FileStream(path, mode, access, share, bufferSize, options);
        }
    }
}
