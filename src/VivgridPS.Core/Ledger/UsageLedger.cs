using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Ledger
{
    /// <summary>
    /// The usage ledger: an append-only JSON Lines file with one <see cref="UsageRecord"/> per completed, failed or
    /// interrupted call. Appends are whole-line and serialized across threads and processes (see
    /// <see cref="LedgerFileLock"/>); reads stream line by line and skip damaged lines with a warning.
    /// The API key has no field here, so it cannot reach the file.
    /// </summary>
    public sealed class UsageLedger
    {
        /// <summary>Moves the ledger (a file path, or a folder) or disables it (off, 0, false, none).</summary>
        public const string EnvironmentVariable = "VIVGRID_USAGE_LOG";

        /// <summary>How long an append waits for other writers before failing with LedgerWriteFailed.</summary>
        public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(5);

        /// <summary>
        /// How the data file is opened, for appending and for reading alike: other appenders (each under the lock),
        /// readers such as Get-VivgridUsage, and a rotator's rename or delete may all hold it at once on Windows.
        /// </summary>
        internal const FileShare DataSharing = FileShare.ReadWrite | FileShare.Delete;

        private const int ReadBufferSize = 64 * 1024;
        private readonly TimeSpan _lockTimeout;

        /// <param name="path">The ledger file, or null for a disabled ledger (Append does nothing, Read yields nothing).</param>
        /// <param name="lockTimeout">Bounded wait for the write lock; <see cref="DefaultLockTimeout"/> when null.</param>
        public UsageLedger(string? path, TimeSpan? lockTimeout = null)
        {
            Path = path is null ? null : System.IO.Path.GetFullPath(path);
            _lockTimeout = lockTimeout ?? DefaultLockTimeout;
        }

        /// <summary>Full path of the ledger file; null when the ledger is disabled.</summary>
        public string? Path { get; }

        public bool IsEnabled => Path is not null;

        /// <summary>
        /// The ledger the current process environment asks for (VIVGRID_USAGE_LOG, else the per-user default). A
        /// relative VIVGRID_USAGE_LOG is taken relative to <paramref name="baseDirectory"/> (PowerShell's current
        /// location, so writers and Get-VivgridUsage agree), else to the process's working directory.
        /// </summary>
        public static UsageLedger FromEnvironment(string? baseDirectory = null)
            => new UsageLedger(ResolvePath(Environment.GetEnvironmentVariable, LedgerPathResolver.IsCurrentPlatformWindows(), baseDirectory));

        /// <returns>The ledger path for these environment variables, or null when VIVGRID_USAGE_LOG disables it.</returns>
        public static string? ResolvePath(Func<string, string?> getEnvironmentVariable)
            => LedgerPathResolver.Resolve(getEnvironmentVariable, LedgerPathResolver.IsCurrentPlatformWindows(), null);

        /// <summary>Same as <see cref="ResolvePath(Func{string, string})"/>, over a dictionary of variables (e.g. a test environment).</summary>
        public static string? ResolvePath(IDictionary environment)
        {
            if (environment is null) throw new ArgumentNullException(nameof(environment));
            return ResolvePath(name => environment.Contains(name) ? environment[name]?.ToString() : null);
        }

        /// <summary>Platform-explicit overload so both the Windows and the XDG rules are testable on any OS.</summary>
        public static string? ResolvePath(Func<string, string?> getEnvironmentVariable, bool windows, string? baseDirectory = null)
            => LedgerPathResolver.Resolve(getEnvironmentVariable, windows, baseDirectory);

        /// <summary>
        /// Appends one line. Creates the folder on first write. Throws <see cref="VivgridException"/>
        /// (LedgerWriteFailed, WriteError) when the lock is not obtained within the timeout or the file cannot be written.
        /// </summary>
        public void Append(UsageRecord record)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            if (Path is null) return;

            string? problem = UsageRecordJson.Problem(record);
            if (problem is not null)
            {
                throw new VivgridException(VivgridErrorId.LedgerWriteFailed, VivgridErrorKind.InvalidData,
                    "The usage record was not written to '" + Path + "': " + problem + " (the service reported impossible usage).",
                    "Report the response to the service; the call's answer itself is unaffected.") { Target = Path };
            }
            byte[] line = UsageRecordJson.ToLine(record);
            try
            {
                EnsureFolder(Path);
                using (LedgerFileLock.Acquire(Path, _lockTimeout))
                {
                    WriteLine(Path, line);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new VivgridException(VivgridErrorId.LedgerWriteFailed, VivgridErrorKind.WriteError,
                    "Cannot write the usage ledger '" + Path + "': " + ex.Message,
                    "Check the path and its permissions, or set VIVGRID_USAGE_LOG to another path (or 'off').", inner: ex)
                { Target = Path };
            }
        }

        private static void EnsureFolder(string path)
        {
            string? folder = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder)) OwnerOnlyFiles.CreateFolder(folder!);
        }

        /// <summary>
        /// Called under the lock. If a writer died mid-line earlier (power loss, killed process), the file does not end
        /// in '\n'; starting our line on a fresh line confines the damage to that one torn line instead of gluing it to
        /// ours. bufferSize 1 disables FileStream's buffer so the bytes go to the OS in a single write call.
        /// </summary>
        private static void WriteLine(string path, byte[] line)
        {
            using var file = OwnerOnlyFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, DataSharing, bufferSize: 1);
            long length = file.Length;
            byte[] toWrite = line;
            if (length > 0)
            {
                file.Seek(-1, SeekOrigin.End);
                if (file.ReadByte() != '\n') toWrite = Prefix((byte)'\n', line);
            }
            file.Seek(0, SeekOrigin.End);
            file.Write(toWrite, 0, toWrite.Length);
            file.Flush();
        }

        private static byte[] Prefix(byte first, byte[] rest)
        {
            var result = new byte[rest.Length + 1];
            result[0] = first;
            Buffer.BlockCopy(rest, 0, result, 1, rest.Length);
            return result;
        }

        /// <summary>
        /// Streams the records that pass the filters. <paramref name="since"/> is inclusive, <paramref name="until"/>
        /// exclusive, so consecutive periods never count a call twice. <paramref name="models"/> is asked about Model
        /// and RequestedModel (either may match); <paramref name="tags"/> about Tag (null for a record without one). A missing file yields nothing; a damaged
        /// line is skipped and reported through <paramref name="onWarning"/> with its 1-based line number.
        /// </summary>
        public IEnumerable<UsageRecord> Read(DateTimeOffset? since = null, DateTimeOffset? until = null,
            Func<string?, bool>? models = null, Func<string?, bool>? tags = null, Action<string>? onWarning = null)
        {
            if (Path is null) return Array.Empty<UsageRecord>();
            var filter = new UsageRecordFilter(since, until, models, tags);
            return ReadFrom(Path, 0, onWarning ?? (_ => { }), filter);
        }

        /// <summary>
        /// Records from roughly the last <paramref name="maxBytes"/> of the file, damaged lines skipped silently.
        /// For tab completion, where reading a year of history on every Tab press would be too slow.
        /// </summary>
        public IEnumerable<UsageRecord> ReadTail(long maxBytes)
        {
            if (Path is null) return Array.Empty<UsageRecord>();
            return ReadFrom(Path, maxBytes, _ => { }, new UsageRecordFilter(null, null, null, null));
        }

        private static IEnumerable<UsageRecord> ReadFrom(string path, long tailBytes, Action<string> onWarning, UsageRecordFilter filter)
        {
            FileStream? file = OpenForRead(path);
            if (file is null) yield break;

            using (file)
            {
                bool skipPartialFirstLine = SeekToTail(file, tailBytes);
                // Readers share everything: writers keep appending while a long read is in progress.
                using var reader = new StreamReader(file, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, ReadBufferSize);
                if (skipPartialFirstLine) reader.ReadLine();

                long lineNumber = 0;
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    lineNumber++;
                    if (string.IsNullOrWhiteSpace(line)) continue;

                    UsageRecord? record = UsageRecordJson.TryParse(line, out string? problem);
                    if (record is null)
                    {
                        onWarning(DescribeBadLine(path, tailBytes > 0 ? (long?)null : lineNumber, problem));
                        continue;
                    }
                    if (filter.Matches(record)) yield return record;
                }
            }
        }

        private static FileStream? OpenForRead(string path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, DataSharing, ReadBufferSize);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
        }

        /// <returns>True when reading starts mid-file, where the first line is probably cut.</returns>
        private static bool SeekToTail(FileStream file, long tailBytes)
        {
            if (tailBytes <= 0 || file.Length <= tailBytes) return false;
            file.Seek(-tailBytes, SeekOrigin.End);
            return true;
        }

        private static string DescribeBadLine(string path, long? lineNumber, string? problem)
        {
            string where = lineNumber is long n ? "line " + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of " : "a line of ";
            return "Skipped " + where + "the usage ledger '" + path + "': " + (problem ?? "not a usage record") + ".";
        }
    }
}
