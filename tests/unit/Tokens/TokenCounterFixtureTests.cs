using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using VivgridPS.Core.Tokens;
using Xunit;
using Xunit.Abstractions;

namespace VivgridPS.Tests.Tokens
{
    /// <summary>
    /// The exactness proof: every text of o200k-fixture.json (written by make-fixture.mjs from OpenAI's tiktoken) must
    /// count to exactly the reference number.
    /// </summary>
    public sealed class TokenCounterFixtureTests
    {
        private readonly ITestOutputHelper _output;

        public TokenCounterFixtureTests(ITestOutputHelper output) => _output = output;

        private static List<(string Category, string Text, int Count)> LoadFixture()
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture("tokens", "o200k-fixture.json")));
            Assert.Equal("o200k_base", doc.RootElement.GetProperty("encoding").GetString());
            return doc.RootElement.GetProperty("texts").EnumerateArray()
                .Select(e => (e.GetProperty("category").GetString()!, e.GetProperty("text").GetString()!, e.GetProperty("count").GetInt32()))
                .ToList();
        }

        [Fact]
        public void Fixture_is_large_and_varied()
        {
            var texts = LoadFixture();
            Assert.True(texts.Count >= 200, "fixture has " + texts.Count + " texts");
            var categories = texts.Select(t => t.Category).Distinct().ToList();
            foreach (var c in new[] { "prose", "code", "cjk", "emoji", "whitespace", "repeat", "number", "url", "large" })
                Assert.Contains(c, categories);
            Assert.Contains(texts, t => t.Text.Length == 5000 && t.Text.All(ch => ch == 'a'));
            Assert.Contains(texts, t => t.Text.Length == 3000 && t.Text.All(ch => ch == ' '));
        }

        [Fact]
        public void Every_fixture_text_counts_exactly_as_tiktoken_o200k_base()
        {
            var mismatches = new List<string>();
            foreach (var (category, text, expected) in LoadFixture())
            {
                int actual = TokenCounter.CountO200k(text);
                if (actual != expected)
                    mismatches.Add(category + " expected " + expected + " got " + actual + ": " + JsonSerializer.Serialize(text.Length > 60 ? text.Substring(0, 60) : text));
            }
            Assert.True(mismatches.Count == 0, mismatches.Count + " mismatches:\n" + string.Join("\n", mismatches));
        }

        [Fact]
        public void CountText_without_model_is_exact_o200k()
        {
            var result = TokenCounter.CountText("Hello, world!");
            Assert.False(result.IsEstimate);
            Assert.Equal(4, result.Count);
        }

        /// <summary>A measurement to report, not a timed assertion (the real benchmark lives in bench/).</summary>
        [Fact]
        public void Warm_counting_throughput_is_reported()
        {
            // Realistic text: the fixture without its pathological long runs (those are covered by Long_runs_are_not_quadratic).
            var texts = LoadFixture().Where(t => t.Category != "repeat" && t.Category != "long-run").Select(t => t.Text).ToList();
            var sb = new StringBuilder();
            while (sb.Length < 1_000_000) foreach (var t in texts) sb.Append(t).Append('\n');
            string corpus = sb.ToString();
            // Split into ~4 KB prompts as a stream of chat inputs would be, and warm up once.
            var chunks = Enumerable.Range(0, corpus.Length / 4096).Select(i => corpus.Substring(i * 4096, 4096)).ToList();
            foreach (var c in chunks) TokenCounter.CountO200k(c);
            long bytes = Encoding.UTF8.GetByteCount(corpus);

            var sw = Stopwatch.StartNew();
            long tokens = 0;
            foreach (var c in chunks) tokens += TokenCounter.CountO200k(c);
            sw.Stop();
            var whole = Stopwatch.StartNew();
            int wholeTokens = TokenCounter.CountO200k(corpus);
            whole.Stop();

            double chunkMbps = bytes / 1e6 / sw.Elapsed.TotalSeconds;
            double wholeMbps = bytes / 1e6 / whole.Elapsed.TotalSeconds;
            _output.WriteLine($"corpus {bytes:N0} UTF-8 bytes, {tokens:N0} tokens; 4 KB chunks: {chunkMbps:F1} MB/s; one string: {wholeMbps:F1} MB/s ({wholeTokens:N0} tokens)");
            Assert.True(tokens > 0 && wholeTokens > 0);
        }
    }
}
