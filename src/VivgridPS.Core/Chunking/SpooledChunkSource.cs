using System;
using System.IO;
using System.Text;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// Piped lines (Get-Content) kept for a -Chunk run in a temporary file instead of memory: the run is planned and
    /// priced before its first request, so the text is read twice, and a pipeline cannot be replayed. The file is
    /// the user's own (created in the per-user temp folder, owner-only on Unix) and deleted when the run ends.
    /// </summary>
    public sealed class SpooledChunkSource : ChunkSource, IDisposable
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);
        private readonly FileStream _file;
        private readonly StreamWriter _writer;
        private bool _any;

        public SpooledChunkSource(string label)
        {
            Label = label;
            var path = Path.Combine(Path.GetTempPath(), "vivgridps-chunk-" + Guid.NewGuid().ToString("N") + ".txt");
            _file = Ledger.OwnerOnlyFiles.Open(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            _writer = new StreamWriter(_file, Utf8, 64 * 1024);
        }

        public override string Label { get; }

        /// <summary>Lines were added (a run with none sends nothing).</summary>
        public bool HasText => _any;

        /// <summary>Adds one line; lines are joined with '\n', as Invoke-VivgridChat joins piped lines.</summary>
        public void AddLine(string line)
        {
            if (_any) _writer.Write('\n');
            _writer.Write(line);
            _any = true;
        }

        public override TextReader Open()
        {
            _writer.Flush();
            _file.Position = 0;
            return new StreamReader(new NonClosingStream(_file), Utf8, false, 64 * 1024);
        }

        public void Dispose()
        {
            try { _writer.Dispose(); } catch (IOException) { }
            _file.Dispose();
        }

        /// <summary>Each pass's reader ends without closing the spool file.</summary>
        private sealed class NonClosingStream : Http.ReadOnlyStreamView
        {
            public NonClosingStream(Stream inner) : base(inner)
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);
        }
    }
}
