using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace VivgridPS.Core.Tokens
{
    /// <summary>
    /// Counts o200k_base tokens the way tiktoken's encode_ordinary does, with the vocabulary of
    /// Microsoft.ML.Tokenizers.Data.O200kBase but our own pre-tokenisation and merge loop instead of
    /// TiktokenTokenizer's, for two reasons:
    /// 1. ML.Tokenizers treats special-token text such as "&lt;|endoftext|&gt;" inside user content as ONE special token;
    ///    the service (and encode_ordinary) count it as ordinary text (7 tokens). Its counts were off for such text.
    /// 2. ML.Tokenizers' merge loop is quadratic in the length of one pre-token: 50,000 repeated characters took ~2 s,
    ///    a 1 MB run of '=' would take minutes. Long pieces here use a heap (O(n log n)); short ones the plain loop.
    /// Exactness is proven by the tiktoken fixture in tests/unit/Fixtures/tokens.
    /// </summary>
    internal sealed class O200kBpeCounter
    {
        // tiktoken's o200k_base pat_str, unchanged (the same text Microsoft.ML.Tokenizers uses), with no special-token alternation.
        internal const string Pattern =
            @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?" +
            @"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?" +
            @"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

        /// <summary>Pieces up to this many bytes use the simple array merge; longer ones the heap.</summary>
        internal const int HeapThreshold = 64;

        /// <summary>Entries kept in the merged-piece cache before it is emptied and refilled (bounds memory in long sessions).</summary>
        internal const int MaxCachedPieces = 100_000;

        private readonly Regex _regex = new Regex(Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private readonly IReadOnlyDictionary<ReadOnlyMemory<byte>, int> _ranks;

        // Real text repeats its words; a piece that needed merging is counted once. Lock-free reads, shared by all threads.
        private readonly ConcurrentDictionary<ReadOnlyMemory<byte>, int> _merged =
            new ConcurrentDictionary<ReadOnlyMemory<byte>, int>(ByteSequenceComparer.Instance);

        public O200kBpeCounter(IReadOnlyDictionary<ReadOnlyMemory<byte>, int> ranks)
        {
            _ranks = ranks;
        }

        /// <summary>Exact count of <paramref name="text"/> (ASCII text is pre-tokenised by hand, the rest by the regex).</summary>
        public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : Count(text, 0, text.Length, new Scratch());

        /// <summary>The count with the regex alone, whatever the text (tests compare the two pre-tokenisers).</summary>
        internal int CountWithRegex(string text)
        {
            if (string.IsNullOrEmpty(text)) return 0;
            var scratch = new Scratch();
            int total = 0;
#if NET8_0_OR_GREATER
            foreach (var m in _regex.EnumerateMatches(text)) total += CountPiece(text, m.Index, m.Length, scratch);
#else
            for (Match m = _regex.Match(text); m.Success; m = m.NextMatch()) total += CountPiece(text, m.Index, m.Length, scratch);
#endif
            return total;
        }

        /// <summary>
        /// Exact count of <paramref name="text"/>[start, start + length) as if it were a string of its own (the regex sees
        /// the segment's end as the end of the text), without copying it; the chunker counts line after line with one
        /// <paramref name="scratch"/>.
        /// </summary>
        internal int Count(string text, int start, int length, Scratch scratch)
        {
            if (length <= 0) return 0;
            int total = 0;
            if (AsciiPreTokenizer.IsAscii(text, start, length))
            {
                var end = start + length;
                for (var i = start; i < end;)
                {
                    var next = AsciiPreTokenizer.NextPieceEnd(text, i, end);
                    total += CountPiece(text, i, next - i, scratch);
                    i = next;
                }
                return total;
            }
#if NET8_0_OR_GREATER
            foreach (var m in _regex.EnumerateMatches(text.AsSpan(start, length))) total += CountPiece(text, start + m.Index, m.Length, scratch);
#else
            for (Match m = _regex.Match(text, start, length); m.Success; m = m.NextMatch()) total += CountPiece(text, m.Index, m.Length, scratch);
#endif
            return total;
        }

        private int CountPiece(string text, int index, int length, Scratch scratch)
        {
            int byteCount = Encoding.UTF8.GetMaxByteCount(length);
            if (scratch.Bytes.Length < byteCount) scratch.Bytes = new byte[Math.Max(byteCount, scratch.Bytes.Length * 2)];
            int n = Encoding.UTF8.GetBytes(text, index, length, scratch.Bytes, 0);
            if (n <= 1) return n;
            // Most pieces are one token (a word, a number, a separator): one vocabulary lookup settles them.
            if (Rank(scratch.Bytes, 0, n) != int.MaxValue) return 1;
            var key = new ReadOnlyMemory<byte>(scratch.Bytes, 0, n);
            if (_merged.TryGetValue(key, out int cached)) return cached;
            int count = n <= HeapThreshold ? CountSimple(scratch.Bytes, n, scratch) : CountWithHeap(scratch.Bytes, n, scratch);
            if (count > 1)
            {
                if (_merged.Count >= MaxCachedPieces) _merged.Clear();
                _merged[key.ToArray()] = count;
            }
            return count;
        }

        /// <summary>Tokens for one pre-token's bytes (internal so tests can compare the two merge loops).</summary>
        internal int CountBytes(byte[] bytes, int n, Scratch scratch)
        {
            if (n <= 1) return n;
            if (Rank(bytes, 0, n) != int.MaxValue) return 1;
            return n <= HeapThreshold ? CountSimple(bytes, n, scratch) : CountWithHeap(bytes, n, scratch);
        }

        private int Rank(byte[] bytes, int start, int length) =>
            _ranks.TryGetValue(new ReadOnlyMemory<byte>(bytes, start, length), out int rank) ? rank : int.MaxValue;

        /// <summary>tiktoken's byte_pair_merge: repeatedly merge the lowest-ranked adjacent pair, leftmost first.</summary>
        internal int CountSimple(byte[] bytes, int n, Scratch scratch)
        {
            scratch.Ensure(n + 1);
            int[] starts = scratch.Starts, ranks = scratch.Ranks;
            int count = n + 1; // boundaries, including the end
            for (int i = 0; i < count; i++) starts[i] = i;
            for (int i = 0; i < count; i++) ranks[i] = i + 2 < count ? Rank(bytes, starts[i], starts[i + 2] - starts[i]) : int.MaxValue;
            while (true)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i < count - 1; i++)
                {
                    if (ranks[i] < bestRank) { bestRank = ranks[i]; best = i; }
                }
                if (best < 0) break;
                if (best > 0) ranks[best - 1] = best + 2 < count ? Rank(bytes, starts[best - 1], starts[best + 2] - starts[best - 1]) : int.MaxValue;
                ranks[best] = best + 3 < count ? Rank(bytes, starts[best], starts[best + 3] - starts[best]) : int.MaxValue;
                Array.Copy(starts, best + 2, starts, best + 1, count - best - 2);
                Array.Copy(ranks, best + 2, ranks, best + 1, count - best - 2);
                count--;
            }
            return count - 1;
        }

        /// <summary>
        /// The same merge order with a linked list and a min-heap keyed by (rank, start): the entry popped is the lowest rank,
        /// leftmost among equals, exactly the pair tiktoken's linear scan would pick. Stale entries are skipped by version.
        /// </summary>
        internal int CountWithHeap(byte[] bytes, int n, Scratch scratch)
        {
            scratch.Ensure(n + 1);
            int[] next = scratch.Starts, version = scratch.Ranks;
            var heap = scratch.Heap;
            heap.Clear();
            for (int i = 0; i < n; i++) { next[i] = i + 1; version[i] = 0; }
            var prev = scratch.Prev;
            for (int i = 0; i < n; i++) prev[i] = i - 1;
            for (int i = 0; i + 1 < n; i++) Push(heap, bytes, i, next, n, version);
            int parts = n;
            while (heap.Count > 0)
            {
                var top = heap.Pop();
                int i = top.Start;
                if (version[i] != top.Version) continue; // merged away or re-ranked since
                int k = next[i];
                next[i] = next[k];
                if (next[k] < n) prev[next[k]] = i;
                version[k] = -1;
                parts--;
                version[i]++;
                Push(heap, bytes, i, next, n, version);
                int p = prev[i];
                if (p >= 0) { version[p]++; Push(heap, bytes, p, next, n, version); }
            }
            return parts;
        }

        private void Push(MinHeap heap, byte[] bytes, int i, int[] next, int n, int[] version)
        {
            int k = next[i];
            if (k >= n) return;
            int end = next[k];
            int rank = Rank(bytes, i, end - i);
            if (rank != int.MaxValue) heap.Push(new HeapEntry(rank, i, version[i]));
        }

        /// <summary>Per-call buffers: the counter itself holds no mutable state, so it is shared across threads.</summary>
        internal sealed class Scratch
        {
            public byte[] Bytes = new byte[256];
            public int[] Starts = new int[128];
            public int[] Ranks = new int[128];
            public int[] Prev = new int[128];
            public readonly MinHeap Heap = new MinHeap();

            public void Ensure(int size)
            {
                if (Starts.Length >= size) return;
                int grown = Math.Max(size, Starts.Length * 2);
                Starts = new int[grown];
                Ranks = new int[grown];
                Prev = new int[grown];
            }
        }

        internal readonly struct HeapEntry
        {
            public HeapEntry(int rank, int start, int version)
            {
                Rank = rank;
                Start = start;
                Version = version;
            }

            public int Rank { get; }
            public int Start { get; }
            public int Version { get; }

            public bool Before(HeapEntry other) => Rank < other.Rank || (Rank == other.Rank && Start < other.Start);
        }

        internal sealed class MinHeap
        {
            private HeapEntry[] _items = new HeapEntry[64];

            public int Count { get; private set; }

            public void Clear() => Count = 0;

            public void Push(HeapEntry entry)
            {
                if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
                int i = Count++;
                while (i > 0)
                {
                    int parent = (i - 1) / 2;
                    if (!entry.Before(_items[parent])) break;
                    _items[i] = _items[parent];
                    i = parent;
                }
                _items[i] = entry;
            }

            public HeapEntry Pop()
            {
                var top = _items[0];
                var last = _items[--Count];
                int i = 0;
                while (true)
                {
                    int child = 2 * i + 1;
                    if (child >= Count) break;
                    if (child + 1 < Count && _items[child + 1].Before(_items[child])) child++;
                    if (!_items[child].Before(last)) break;
                    _items[i] = _items[child];
                    i = child;
                }
                if (Count > 0) _items[i] = last;
                return top;
            }
        }
    }
}
