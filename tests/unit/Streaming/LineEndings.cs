using System.Collections.Generic;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// Rewrites line ends of a recording. Safe for these files: JSON escapes newlines inside strings, so every raw
    /// LF byte in an SSE body is a line end and the JSON content is unchanged.
    /// </summary>
    internal static class LineEndings
    {
        public static byte[] ToCrLf(byte[] lf)
        {
            var result = new List<byte>(lf.Length + lf.Length / 20);
            foreach (byte b in lf)
            {
                if (b == (byte)'\n') result.Add((byte)'\r');
                result.Add(b);
            }

            return result.ToArray();
        }

        public static byte[] ToCr(byte[] lf)
        {
            byte[] result = (byte[])lf.Clone();
            for (int i = 0; i < result.Length; i++)
            {
                if (result[i] == (byte)'\n') result[i] = (byte)'\r';
            }

            return result;
        }
    }
}
