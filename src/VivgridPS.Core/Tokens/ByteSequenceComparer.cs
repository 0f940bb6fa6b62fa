using System;
using System.Collections.Generic;

namespace VivgridPS.Core.Tokens
{
    /// <summary>Content equality for byte slices, so a rank lookup needs no copy of the piece being merged.</summary>
    internal sealed class ByteSequenceComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly ByteSequenceComparer Instance = new ByteSequenceComparer();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj)
        {
            // FNV-1a: tokens are short (mostly under 16 bytes), so a simple byte loop is as fast as anything fancier.
            uint hash = 2166136261;
            foreach (byte b in obj.Span) hash = (hash ^ b) * 16777619;
            return (int)hash;
        }
    }
}
