using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VivgridPS.Core.Chunking;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Tests.Chunking
{
    public sealed class LineChunkerTests
    {
        private static List<TextChunk> Split(string text, int budget) =>
            new LineChunker(budget).Split(new StringReader(text)).ToList();

        /// <summary>Text with everything that makes o200k pieces span line breaks: blank lines, CRLF, indentation, "\n/", punctuation.</summary>
        private static string Tricky(int seed, int lines)
        {
            var random = new Random(seed);
            string[] words = { "error", "Warning", "GET", "/api/v1/items", "200", "12:34:56.789", "naïve", "日本語", "😀", "x=1;", "--", "...", "'s", "ID", "3.14159", "    ", "\t" };
            string[] breaks = { "\n", "\n", "\n", "\r\n", "\n\n", "\n  \n", ".\n/", "\n ", "\n\t" };
            var sb = new StringBuilder();
            for (var i = 0; i < lines; i++)
            {
                var n = random.Next(0, 12);
                for (var w = 0; w < n; w++) sb.Append(words[random.Next(words.Length)]).Append(random.Next(4) == 0 ? "" : " ");
                sb.Append(breaks[random.Next(breaks.Length)]);
            }
            return sb.ToString();
        }

        [Theory]
        [InlineData(1, 16)]
        [InlineData(2, 40)]
        [InlineData(3, 200)]
        [InlineData(4, 1000)]
        [InlineData(5, 100_000)]
        public void Chunks_rebuild_the_text_and_each_count_is_the_exact_count_of_its_text(int seed, int budget)
        {
            var text = Tricky(seed, 3000);
            var chunks = Split(text, budget);
            Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
            Assert.All(chunks, c =>
            {
                Assert.Equal(TokenCounter.CountO200k(c.Text!), c.Tokens);
                Assert.InRange(c.Tokens, 1, budget);
            });
            Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
            Assert.Equal(TokenCounter.CountO200k(text), chunks.Sum(c => c.Tokens));
        }

        [Theory]
        [InlineData(11, 17)]
        [InlineData(12, 64)]
        [InlineData(13, 500)]
        public void Random_characters_across_many_read_blocks_still_count_exactly(int seed, int budget)
        {
            var random = new Random(seed);
            const string alphabet = "ab AZ09 .,;:/\\-_'\"\n\n\n\r\t\u00a0\u2028\u3000é日😀=+()[]{}<>";
            var sb = new StringBuilder();
            const int block = 16 * 1024;
            while (sb.Length < 5 * block)
            {
                var c = alphabet[random.Next(alphabet.Length)];
                if (char.IsHighSurrogate(c)) { sb.Append("😀"); continue; }
                if (char.IsLowSurrogate(c)) continue;
                sb.Append(c);
            }
            var text = sb.ToString();
            var chunks = new LineChunker(budget, block).Split(new StringReader(text)).ToList();
            Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
            Assert.All(chunks, c => Assert.Equal(TokenCounter.CountO200k(c.Text!), c.Tokens));
            Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, budget));
        }

        [Fact]
        public void Numbered_lines_each_land_in_exactly_one_chunk_whole_and_in_order()
        {
            var lines = Enumerable.Range(1, 5000).Select(i => $"line {i:D6} status=ok user=u{i % 97} took {i % 1000} ms").ToArray();
            var chunks = Split(string.Join("\n", lines), 300);
            Assert.True(chunks.Count > 10);
            var seen = chunks.SelectMany(c => c.Text!.Split('\n').Where(l => l.Length > 0)).ToArray();
            Assert.Equal(lines, seen);
            // Every line fits a chunk, so every chunk but the last ends at a line break, and the line numbers say which.
            Assert.All(chunks.Take(chunks.Count - 1), c => Assert.EndsWith("\n", c.Text));
            foreach (var c in chunks)
            {
                Assert.StartsWith($"line {c.FirstLine:D6} ", c.Text);
                Assert.Contains($"line {c.LastLine:D6} ", c.Text);
                Assert.DoesNotContain($"line {c.LastLine + 1:D6} ", c.Text);
            }
            Assert.Equal(5000, chunks[chunks.Count - 1].LastLine);
        }

        [Fact]
        public void An_over_long_line_is_cut_between_words_and_a_blob_at_characters_each_piece_counted_exactly()
        {
            var words = string.Join(" ", Enumerable.Range(0, 3000).Select(i => "word" + i));
            var blob = Convert.ToBase64String(Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
            var text = "short first line\n" + words + "\n" + blob + "\nlast line\n";
            var chunks = Split(text, 100);
            Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
            Assert.All(chunks, c => Assert.Equal(TokenCounter.CountO200k(c.Text!), c.Tokens));
            Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 100));
            // The word line is cut only before a space (a word is never split).
            var wordPieces = chunks.Where(c => c.Text!.Contains("word")).ToList();
            Assert.True(wordPieces.Count > 5);
            Assert.All(wordPieces.Skip(1), c => Assert.True(c.Text![0] == ' ' || c.Text.StartsWith("word0", StringComparison.Ordinal)));
        }

        [Fact]
        public void The_reader_is_consumed_lazily_so_memory_does_not_grow_with_the_input()
        {
            using var reader = new EndlessLog();
            var first = new LineChunker(1000).Split(reader).Take(3).ToList();
            Assert.Equal(3, first.Count);
            // Three chunks of ~1,000 tokens are a few tens of KB; the reader was asked for a few blocks, not the input.
            Assert.InRange(reader.CharsRead, 1, 8 * LineChunker.BlockChars);
        }

        [Fact]
        public void A_counting_pass_gives_the_same_chunks_without_their_text()
        {
            var text = Tricky(9, 2000);
            var withText = Split(text, 120);
            var counted = new LineChunker(120).Split(new StringReader(text), keepText: false).ToList();
            Assert.Equal(withText.Select(c => (c.Tokens, c.FirstLine, c.LastLine, c.Chars)), counted.Select(c => (c.Tokens, c.FirstLine, c.LastLine, c.Chars)));
            Assert.All(counted, c => Assert.Null(c.Text));
        }

        [Fact]
        public void A_budget_too_small_to_hold_text_is_refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new LineChunker(LineChunker.MinBudget - 1));
        }

        [Fact]
        public void Empty_input_has_no_chunks_and_a_final_line_without_newline_is_kept()
        {
            Assert.Empty(Split(string.Empty, 50));
            var chunks = Split("a\nb", 50);
            Assert.Equal("a\nb", Assert.Single(chunks).Text);
            Assert.Equal((1L, 2L), (chunks[0].FirstLine, chunks[0].LastLine));
        }

        [Theory]
        [InlineData("x\ny", 2, true)]
        [InlineData("x\n  y", 2, true)]
        [InlineData("x\n\ny", 2, false)]
        [InlineData("x\n  \ny", 2, false)]
        [InlineData("x.\n/y", 3, false)]
        [InlineData("x\r\ny", 3, true)]
        public void Line_breaks_are_safe_only_where_an_o200k_piece_must_end(string text, int at, bool safe)
        {
            Assert.Equal(safe, LineChunker.IsSafeLineBreak(text, at, atEnd: true));
            if (safe) Assert.Equal(TokenCounter.CountO200k(text), TokenCounter.CountO200k(text.Substring(0, at)) + TokenCounter.CountO200k(text.Substring(at)));
        }

        /// <summary>An endless log, generated as it is read; counts what was asked of it.</summary>
        private sealed class EndlessLog : TextReader
        {
            private long _line;
            private string _pending = string.Empty;
            private int _offset;
            public long CharsRead { get; private set; }

            public override int Read(char[] buffer, int index, int count)
            {
                var written = 0;
                while (written < count)
                {
                    if (_offset == _pending.Length)
                    {
                        _pending = $"2026-11-29T13:00:{_line % 60:D2}Z host{_line % 7} GET /api/items/{_line} 200 {_line % 500} ms\n";
                        _line++;
                        _offset = 0;
                    }
                    var n = Math.Min(count - written, _pending.Length - _offset);
                    _pending.CopyTo(_offset, buffer, index + written, n);
                    _offset += n;
                    written += n;
                }
                CharsRead += written;
                return written;
            }
        }
    }
}
