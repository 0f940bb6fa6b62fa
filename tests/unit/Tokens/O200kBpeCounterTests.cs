using System;
using System.Linq;
using System.Text;
using CsCheck;
using Microsoft.ML.Tokenizers;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Tests.Tokens
{
    public sealed class O200kBpeCounterTests
    {
        private static readonly Lazy<Tokenizer> MlTokenizer = new Lazy<Tokenizer>(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

        [Theory]
        [InlineData("<|endoftext|>", 7)]
        [InlineData("a<|endoftext|>b", 9)]
        [InlineData("<|endofprompt|>", 7)]
        public void Special_token_text_is_counted_as_ordinary_text(string text, int tiktokenCount)
        {
            // Reference numbers from tiktoken encode_ordinary; ML.Tokenizers' TiktokenTokenizer says 1, 3, 1 here.
            Assert.Equal(tiktokenCount, TokenCounter.CountO200k(text));
        }

        [Fact]
        public void Heap_merge_and_simple_merge_agree_on_random_pieces()
        {
            var counter = TokenCounter.O200kCounter;
            // Bytes from a small alphabet make many mergeable pairs, which is where merge order matters.
            Gen.Int[0, 3].SelectMany(alphabet => Gen.Int[0, Alphabet(alphabet).Length - 1].Select(i => Alphabet(alphabet)[i]).Array[2, 300])
                .Sample(bytes =>
                {
                    var scratch = new O200kBpeCounter.Scratch();
                    int simple = counter.CountSimple(bytes, bytes.Length, scratch);
                    int heap = counter.CountWithHeap(bytes, bytes.Length, new O200kBpeCounter.Scratch());
                    return simple == heap;
                }, iter: 2000);
        }

        [Fact]
        public void Agrees_with_Microsoft_ML_Tokenizers_on_random_text_without_special_tokens()
        {
            string[] words = { "the", " model", "Token", "  ", "\n", "\t", "123", "4567", "中文", "データ", "😀", "👩‍💻", "naïve", "'s", "'LL",
                "Get-Item", "{", "}", "=>", "::", "—", "\r\n", "ÄÖÜ", "x", "!!", "ﬁ", "e\u0301", "Ⅻ", "١٢٣" };
            Gen.Int[0, words.Length - 1].Array[0, 80].Select(ix => string.Concat(ix.Select(i => words[i])))
                .Sample(text => TokenCounter.CountO200k(text) == MlTokenizer.Value.CountTokens(text), iter: 500);
        }

        [Fact]
        public void Long_runs_are_not_quadratic()
        {
            // 1 MB of one character is a single pre-token; the old quadratic loop needed minutes for this.
            string run = new string('=', 1_000_000);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            int count = TokenCounter.CountO200k(run);
            sw.Stop();
            Assert.InRange(count, 1_000_000 / 64, 1_000_000);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "took " + sw.Elapsed);
        }

        private static byte[] Alphabet(int which) => which switch
        {
            0 => Encoding.ASCII.GetBytes("ab"),
            1 => Encoding.ASCII.GetBytes("= -"),
            2 => Encoding.ASCII.GetBytes("abcdefghij"),
            _ => Encoding.UTF8.GetBytes("中文a "),
        };
    }
}
