using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using VivgridPS.Core.Tokens;

namespace VivgridPS.Core.Chunking
{
    /// <summary>
    /// Splits text read piece by piece from a <see cref="TextReader"/> into chunks of at most a token budget, on line
    /// boundaries, counting o200k_base tokens exactly. Memory is one chunk plus one read block, whatever the input size.
    /// <para>
    /// Why the counts add up exactly: o200k pre-tokenises with a regex and BPE never merges across its pieces, so text
    /// cut where a piece ends counts as the sum of its parts. The chunker cuts only where a piece must end whatever
    /// follows (<see cref="IsSafeLineBreak"/>, <see cref="IsSafeWordBreak"/>); a line too long for one chunk is cut
    /// between words, and a word too long (a base64 blob) at a character, each such piece counted on its own text and
    /// closing its chunk. Every chunk's <see cref="TextChunk.Tokens"/> is then the count of exactly its text.
    /// </para>
    /// </summary>
    public sealed class LineChunker
    {
        /// <summary>The smallest budget accepted: a character can take up to 4 tokens, a chunk must hold some text.</summary>
        public const int MinBudget = 16;

        /// <summary>Characters read per block: the units of one block are counted in parallel, then packed in order.</summary>
        internal const int BlockChars = 256 * 1024;

        /// <summary>Threads that count a block's units (counting is most of the work; packing is sequential and cheap).</summary>
        private static readonly int Workers = Math.Max(1, Math.Min(Environment.ProcessorCount, 4));

        private readonly int _budget;
        private readonly long _longLineChars;
        private readonly int _blockChars;

        /// <param name="budget">Most tokens in one chunk's text.</param>
        public LineChunker(int budget) : this(budget, BlockChars)
        {
        }

        /// <summary>Tests read in small blocks to cross many block boundaries with little text.</summary>
        internal LineChunker(int budget, int blockChars)
        {
            _blockChars = blockChars;
            if (budget < MinBudget) throw new ArgumentOutOfRangeException(nameof(budget), budget, "A chunk budget must be at least " + MinBudget + " tokens.");
            _budget = budget;
            // A line this long cannot fit the budget in practice (o200k averages 3-5 characters per token): it is cut
            // between words as it is read, so one huge line never has to sit in memory whole.
            _longLineChars = Math.Max(64L * 1024, 16L * budget);
        }

        public int Budget => _budget;

        /// <summary>The chunks of <paramref name="reader"/>, read lazily; <paramref name="keepText"/> false only counts (a planning pass).</summary>
        public IEnumerable<TextChunk> Split(TextReader reader, bool keepText = true)
        {
            if (reader is null) throw new ArgumentNullException(nameof(reader));
            return new Splitter(this, reader, keepText).Run();
        }

        /// <summary>
        /// A cut right after the '\n' at <paramref name="b"/> - 1 ends an o200k piece whatever comes later, when the next
        /// line starts with neither '/' (punctuation absorbs a following "\n/") nor blank space running into another line
        /// break ("\n  \n" is one piece). Returns null when the text read so far cannot tell yet.
        /// </summary>
        internal static bool? IsSafeLineBreak(string data, int b, bool atEnd)
        {
            for (var k = b; ; k++)
            {
                if (k >= data.Length) return atEnd ? true : (bool?)null;
                var c = data[k];
                if (c == '\r' || c == '\n') return false;
                if (char.IsWhiteSpace(c)) continue;
                return !(k == b && c == '/');
            }
        }

        /// <summary>A letter or number followed by blank space: no o200k piece holds both, so a piece ends between them.</summary>
        internal static bool IsSafeWordBreak(string data, int i) =>
            i > 0 && i < data.Length && (char.IsLetter(data[i - 1]) || char.IsNumber(data[i - 1])) && char.IsWhiteSpace(data[i]);

        private sealed class Splitter
        {
            private readonly LineChunker _owner;
            private readonly TextReader _reader;
            private readonly bool _keepText;
            private readonly O200kBpeCounter _counter = TokenCounter.O200kCounter;
            private readonly O200kBpeCounter.Scratch _scratch = new O200kBpeCounter.Scratch();
            private readonly O200kBpeCounter.Scratch[] _workerScratch = CreateScratch();
            private readonly List<(int Start, int End, bool HardCut)> _batch = new List<(int, int, bool)>();
            private int[] _counts = new int[256];
            private readonly char[] _block;
            private readonly StringBuilder? _text;
            private string _data = string.Empty;
            private int _pos;
            private bool _eof;
            private long _line = 1;
            private int _index;
            // The chunk being filled.
            private int _tokens;
            private long _chars;
            private long _firstLine;
            private long _lastLine;
            // The last unit ended at a character cut, not a piece boundary: nothing may be appended to its chunk.
            private bool _mustClose;

            public Splitter(LineChunker owner, TextReader reader, bool keepText)
            {
                _owner = owner;
                _reader = reader;
                _keepText = keepText;
                _block = new char[owner._blockChars];
                if (keepText) _text = new StringBuilder();
            }

            private int Budget => _owner._budget;

            private static O200kBpeCounter.Scratch[] CreateScratch()
            {
                var scratch = new O200kBpeCounter.Scratch[Workers];
                for (var i = 0; i < scratch.Length; i++) scratch[i] = new O200kBpeCounter.Scratch();
                return scratch;
            }

            /// <summary>
            /// Block by block: the units found in the text read so far are counted in parallel (each on its own text,
            /// so the order of counting does not matter), then packed in input order.
            /// </summary>
            public IEnumerable<TextChunk> Run()
            {
                var ready = new List<TextChunk>();
                while (true)
                {
                    // The first unit may read more text; the rest of the batch uses only what is in the buffer, so the
                    // buffer is not shifted under the batch.
                    var first = NextUnitEnd(_pos, allowRefill: true, out var hardCut);
                    if (first < 0) break;
                    _batch.Clear();
                    _batch.Add((_pos, first, hardCut));
                    var p = first;
                    while (!hardCut && p - _pos < _owner._blockChars)
                    {
                        var end = NextUnitEnd(p, allowRefill: false, out hardCut);
                        if (end < 0) break;
                        _batch.Add((p, end, hardCut));
                        p = end;
                    }
                    CountBatch();
                    for (var i = 0; i < _batch.Count; i++)
                    {
                        var (start, end, hard) = _batch[i];
                        AddUnit(start, end, _counts[i], ready);
                        if (hard) _mustClose = true;
                        _line += CountNewlines(start, end);
                        _pos = end;
                    }
                    foreach (var chunk in ready) yield return chunk;
                    ready.Clear();
                }
                if (_chars > 0) yield return Close();
            }

            private void CountBatch()
            {
                var n = _batch.Count;
                if (_counts.Length < n) _counts = new int[Math.Max(n, _counts.Length * 2)];
                if (n < 64 || Workers == 1)
                {
                    for (var i = 0; i < n; i++) _counts[i] = Count(_batch[i].Start, _batch[i].End);
                    return;
                }
                var per = (n + Workers - 1) / Workers;
                System.Threading.Tasks.Parallel.For(0, Workers, w =>
                {
                    var scratch = _workerScratch[w];
                    var to = Math.Min(n, (w + 1) * per);
                    for (var i = w * per; i < to; i++) _counts[i] = _counter.Count(_data, _batch[i].Start, _batch[i].End - _batch[i].Start, scratch);
                });
            }

            /// <summary>
            /// Where the unit starting at <paramref name="from"/> (whole lines up to a safe line break) ends; -1 at the end
            /// of the input, or when <paramref name="allowRefill"/> is false and the buffer cannot tell yet.
            /// </summary>
            private int NextUnitEnd(int from, bool allowRefill, out bool hardCut)
            {
                hardCut = false;
                var scan = from;
                while (true)
                {
                    var nl = _data.IndexOf('\n', scan);
                    if (nl >= 0)
                    {
                        var safe = IsSafeLineBreak(_data, nl + 1, _eof);
                        if (safe == true) return nl + 1;
                        if (safe == false) { scan = nl + 1; continue; }
                        // Undecided: the next line has not been read yet.
                        scan = nl;
                    }
                    else
                    {
                        if (_eof) return _data.Length > from ? _data.Length : -1;
                        scan = _data.Length;
                        if (scan - from > _owner._longLineChars)
                        {
                            var cut = LastWordBreak(from + 1, scan);
                            if (cut > from) return cut;
                            hardCut = true;
                            return CharCut(from, (int)Math.Min(scan - from, _owner._longLineChars));
                        }
                    }
                    if (!allowRefill) return -1;
                    var shift = Refill();
                    scan -= shift;
                    from -= shift;
                }
            }

            /// <summary>Reads the next block; returns how far the buffer shifted left (the consumed text is dropped).</summary>
            private int Refill()
            {
                var shift = _pos;
                var rest = shift > 0 ? _data.Substring(shift) : _data;
                _pos = 0;
                // Growing reads keep a huge line linear: the rest is copied once per doubling, not once per block.
                var want = Math.Max(_owner._blockChars, rest.Length);
                var block = want <= _block.Length ? _block : new char[want];
                var read = _reader.ReadBlock(block, 0, want);
                if (read == 0) _eof = true;
                _data = read == 0 ? rest : rest + new string(block, 0, read);
                if (read < want) _eof = true;
                return shift;
            }

            private int LastWordBreak(int from, int to)
            {
                for (var i = to - 1; i >= from; i--)
                {
                    if (IsSafeWordBreak(_data, i)) return i;
                }
                return -1;
            }

            /// <summary>A cut <paramref name="length"/> characters in, moved back so a surrogate pair stays whole.</summary>
            private int CharCut(int start, int length)
            {
                var cut = start + Math.Max(1, length);
                if (cut < _data.Length && cut - 1 > start && char.IsHighSurrogate(_data[cut - 1])) cut--;
                return cut;
            }

            private void AddUnit(int start, int end, int tokens, List<TextChunk> ready)
            {
                if (tokens <= Budget)
                {
                    if (_mustClose || _tokens + tokens > Budget) CloseInto(ready);
                    Append(start, end, tokens);
                    return;
                }
                AddLongUnit(start, end, ready);
            }

            /// <summary>A unit over the budget: cut between words; a word over the budget is cut at characters.</summary>
            private void AddLongUnit(int start, int end, List<TextChunk> ready)
            {
                var s = start;
                while (s < end)
                {
                    var e = s + 1;
                    while (e < end && !IsSafeWordBreak(_data, e)) e++;
                    var tokens = Count(s, e);
                    if (tokens <= Budget)
                    {
                        if (_mustClose || _tokens + tokens > Budget) CloseInto(ready);
                        Append(s, e, tokens);
                    }
                    else
                    {
                        HardSplit(s, e, ready);
                    }
                    s = e;
                }
            }

            /// <summary>Characters with no piece boundary to use: the longest prefix that fits, each piece its own chunk end.</summary>
            private void HardSplit(int start, int end, List<TextChunk> ready)
            {
                var s = start;
                while (s < end)
                {
                    if (_chars > 0) CloseInto(ready);
                    int lo = 1, hi = end - s, best = 0, bestTokens = 0;
                    while (lo <= hi)
                    {
                        var mid = lo + (hi - lo) / 2;
                        var cut = CharCut(s, mid) - s;
                        var tokens = Count(s, s + cut);
                        if (tokens <= Budget) { best = cut; bestTokens = tokens; lo = mid + 1; }
                        else hi = mid - 1;
                    }
                    if (best == 0) { best = CharCut(s, 1) - s; bestTokens = Count(s, s + best); }
                    Append(s, s + best, bestTokens);
                    s += best;
                    // The piece ended at a character cut: the next text cannot join its chunk (the counts would not add).
                    if (s < end) _mustClose = true;
                }
                // The last piece ends where the word ended (a piece boundary): what follows may join it.
            }

            private void Append(int start, int end, int tokens)
            {
                if (_chars == 0) _firstLine = _line + CountNewlines(_pos, start);
                _lastLine = _line + CountNewlines(_pos, Math.Max(start, end - 1));
                _text?.Append(_data, start, end - start);
                _tokens += tokens;
                _chars += end - start;
            }

            private void CloseInto(List<TextChunk> ready)
            {
                if (_chars > 0) ready.Add(Close());
                _mustClose = false;
            }

            private TextChunk Close()
            {
                var chunk = new TextChunk(_index++, _text?.ToString(), _tokens, _firstLine, _lastLine, _chars);
                _text?.Clear();
                _tokens = 0;
                _chars = 0;
                _mustClose = false;
                return chunk;
            }

            private int Count(int start, int end) => _counter.Count(_data, start, end - start, _scratch);

            private long CountNewlines(int start, int end)
            {
                long n = 0;
                for (var i = _data.IndexOf('\n', start, end - start); i >= 0 && i < end; i = i + 1 < end ? _data.IndexOf('\n', i + 1, end - i - 1) : -1) n++;
                return n;
            }
        }
    }
}
