using System.IO;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// The input of one -Chunk run, readable more than once: a counting pass plans the run (chunk count, tokens,
    /// worst-case cost) before anything is sent, and a second pass reads the chunks to send. Neither holds it whole.
    /// </summary>
    public abstract class ChunkSource
    {
        /// <summary>What the run answers: a file's path, or the piped lines.</summary>
        public abstract string Label { get; }

        /// <summary>Opens a new reader at the start of the text.</summary>
        public abstract TextReader Open();
    }
}
