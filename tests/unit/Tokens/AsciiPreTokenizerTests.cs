using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Tests.Tokens
{
    /// <summary>The hand-written ASCII pre-tokeniser must cut exactly where tiktoken's o200k regex cuts.</summary>
    public sealed class AsciiPreTokenizerTests
    {
        private static readonly Regex O200k = new Regex(O200kBpeCounter.Pattern, RegexOptions.CultureInvariant);

        private static List<string> ByRegex(string text) => O200k.Matches(text).Select(m => m.Value).ToList();

        private static List<string> ByHand(string text)
        {
            var pieces = new List<string>();
            for (var i = 0; i < text.Length;)
            {
                var next = AsciiPreTokenizer.NextPieceEnd(text, i, text.Length);
                Assert.True(next > i);
                pieces.Add(text.Substring(i, next - i));
                i = next;
            }
            return pieces;
        }

        [Theory]
        [InlineData("Hello world, it's 2026-11-29T13:00:00Z!")]
        [InlineData("  leading   spaces and trailing   ")]
        [InlineData("a\n\n  \nb\r\n\tc.\n/path/to/FILE.TXT")]
        [InlineData("HTTPServer URLs ABC'S we'RE they'LL I'd x'y ' 's")]
        [InlineData("12345678 1.5 -3 x=1;y=22 \x01\x1c\x7f\v\f")]
        [InlineData("")]
        public void Known_texts_are_cut_like_the_regex(string text)
        {
            Assert.Equal(ByRegex(text), ByHand(text));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Random_ascii_is_cut_like_the_regex(int seed)
        {
            var random = new Random(seed);
            var alphabet = "aAbZz09 \t\n\r\v\f'sStTrReEvVmMlLdD.,;:/\\-_=+()[]{}<>\"!?@#$%^&*~`|\x00\x01\x1b\x1c\x1f\x7f";
            for (var round = 0; round < 3000; round++)
            {
                var sb = new StringBuilder();
                var length = random.Next(1, 60);
                for (var i = 0; i < length; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
                var text = sb.ToString();
                Assert.True(ByRegex(text).SequenceEqual(ByHand(text)), "differs on: " + string.Concat(text.Select(c => c < 0x20 || c == 0x7f ? $"\\x{(int)c:x2}" : c.ToString())));
            }
        }

        [Fact]
        public void Counts_are_unchanged_for_ascii_and_mixed_text()
        {
            var ascii = string.Join("\n", Enumerable.Range(0, 500).Select(i => $"2026-11-22 00:00:{i % 60:D2} 10.0.4.{i % 20} GET /api/orders id={i * 7919}&page={i % 50} 443 - curl/8.5.0 200 0 0 {i % 4000}"));
            var counter = TokenCounter.O200kCounter;
            var scratch = new O200kBpeCounter.Scratch();
            // Through the regex (the whole-string Count) and through the ASCII path (the segment Count).
            Assert.Equal(counter.CountWithRegex(ascii), counter.Count(ascii, 0, ascii.Length, scratch));
            var mixed = ascii + "\nnaïve café 日本語";
            Assert.Equal(counter.CountWithRegex(mixed), counter.Count(mixed, 0, mixed.Length, scratch));
        }
    }
}
