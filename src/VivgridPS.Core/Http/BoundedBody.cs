using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Core.Http
{
    /// <summary>Reads a whole response body, but never more than a cap (a body that never ends must not fill memory).</summary>
    public static class BoundedBody
    {
        /// <summary>
        /// The body's bytes; when it is longer than <paramref name="maxBytes"/>, reading stops after maxBytes + 1 bytes
        /// and that longer array is returned, so the caller can tell "exactly at the cap" from "past it".
        /// </summary>
        public static async Task<byte[]> ReadAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
        {
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                int keep = (int)System.Math.Min(read, (long)maxBytes + 1 - copy.Length);
                copy.Write(buffer, 0, keep);
                if (copy.Length > maxBytes) break;
            }

            return copy.ToArray();
        }
    }
}
