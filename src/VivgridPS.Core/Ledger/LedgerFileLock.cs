using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Threading;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Ledger
{
    /// <summary>
    /// Exclusive, cross-process lock for one ledger file, held while a line is appended.
    ///
    /// What this relies on: a lock file ("usage.jsonl.lock") opened with FileShare.None.
    /// - On Windows, FileShare.None is a mandatory share mode: a second open of the file by any process or thread
    ///   fails with a sharing violation (IOException) until the first handle is closed.
    /// - On Linux/macOS, .NET maps FileShare.None to flock(LOCK_EX | LOCK_NB) on the opened descriptor. flock locks
    ///   belong to the open file description, so two FileStreams in the same process exclude each other just like
    ///   two processes do, and the kernel drops the lock if the holder dies (no stale lock to clean up).
    ///   It is advisory: only writers that use this class are excluded, which is every ledger writer. (Setting
    ///   DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns this off in .NET; nothing can be done about that here.)
    /// We do NOT rely on FileMode.Append being atomic: .NET implements it as a seek to the end at open time plus
    /// ordinary writes, so two appenders can overwrite each other. Under this lock the writer seeks to the real
    /// end and writes the whole line in one call.
    /// The data file itself is never locked, so Get-VivgridUsage can read a large ledger without stalling writers.
    /// Inside one process, a Monitor per path queues threads/runspaces fairly instead of making them spin on the
    /// file lock.
    /// </summary>
    internal sealed class LedgerFileLock : IDisposable
    {
        /// <summary>The lock file's share mode: none, which is the whole lock on Windows (see above).</summary>
        internal const FileShare Sharing = FileShare.None;

        private static readonly ConcurrentDictionary<string, object> InProcessGates = new(StringComparer.Ordinal);

        private readonly object _gate;
        private readonly FileStream _lockFile;

        private LedgerFileLock(object gate, FileStream lockFile)
        {
            _gate = gate;
            _lockFile = lockFile;
        }

        internal static LedgerFileLock Acquire(string ledgerPath, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            object gate = InProcessGates.GetOrAdd(ledgerPath, _ => new object());
            if (!Monitor.TryEnter(gate, timeout))
            {
                throw Timeout(ledgerPath, timeout, null);
            }

            try
            {
                FileStream lockFile = OpenLockFileWithBackoff(ledgerPath + ".lock", timeout, clock);
                return new LedgerFileLock(gate, lockFile);
            }
            catch
            {
                Monitor.Exit(gate);
                throw;
            }
        }

        /// <summary>
        /// Retries every IOException, not only sharing violations: .NET reports a held flock and a Windows sharing
        /// violation with different HResults per platform, and any other IOException will still be there after the
        /// bounded wait and is then reported with its own message.
        /// </summary>
        private static FileStream OpenLockFileWithBackoff(string lockPath, TimeSpan timeout, Stopwatch clock)
        {
            var random = new Random(Environment.CurrentManagedThreadId ^ Environment.TickCount);
            int delayMs = 1;
            while (true)
            {
                try
                {
                    return OwnerOnlyFiles.Open(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, Sharing, bufferSize: 1);
                }
                catch (IOException ex)
                {
                    if (clock.Elapsed >= timeout) throw Timeout(lockPath, timeout, ex);
                    // Jitter keeps competing processes from retrying in lockstep.
                    Thread.Sleep(Math.Min(delayMs + random.Next(delayMs + 1), 50));
                    delayMs = Math.Min(delayMs * 2, 32);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new VivgridException(VivgridErrorId.LedgerWriteFailed, VivgridErrorKind.WriteError,
                        "Cannot write the usage ledger lock file '" + lockPath + "': " + ex.Message,
                        "Check the permissions of the folder, or set VIVGRID_USAGE_LOG to another path (or 'off').", inner: ex)
                    { Target = lockPath };
                }
            }
        }

        private static VivgridException Timeout(string path, TimeSpan timeout, Exception? inner)
        {
            return new VivgridException(VivgridErrorId.LedgerWriteFailed, VivgridErrorKind.WriteError,
                "Could not lock the usage ledger '" + path + "' within " + timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)
                + " s" + (inner is null ? "." : ": " + inner.Message),
                "Another process may be holding the ledger lock; retry, or set VIVGRID_USAGE_LOG to another path (or 'off').", inner: inner)
            { Target = path };
        }

        public void Dispose()
        {
            _lockFile.Dispose();
            Monitor.Exit(_gate);
        }
    }
}
