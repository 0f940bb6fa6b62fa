using VivgridPS.Tests.Models;
using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using VivgridPS.Core.Models;
using VivgridPS.Core.Tokens;
using Xunit;

namespace VivgridPS.Tests.Tokens
{
    public sealed class TokenCounterTests
    {
        [Fact]
        public void One_user_message_costs_framing_plus_role_plus_content_plus_priming()
        {
            var result = TokenCounter.CountMessages(new[] { new ChatMessage("user", "hello") });
            // 3 (message) + 1 ("user") + 1 ("hello") + 3 (reply priming)
            Assert.Equal(8, result.Count);
            Assert.False(result.IsEstimate);
        }

        [Fact]
        public void Message_overhead_follows_the_cookbook()
        {
            var messages = new[]
            {
                new ChatMessage("system", "You are a helpful assistant."),
                new ChatMessage("user", "Summarize in 5 bullets:\n\nThe quarterly report shows growth.") { Name = "alice" },
                new ChatMessage("assistant", "Sure."),
            };
            int expected = 3;
            foreach (var m in messages)
                expected += 3 + TokenCounter.CountO200k(m.Role) + TokenCounter.CountO200k(m.Content!) + (m.Name != null ? 1 + TokenCounter.CountO200k(m.Name) : 0);
            Assert.Equal(expected, TokenCounter.CountMessages(messages, ModelCatalog.Bundled.Get("gpt-5.4-mini")).Count);
        }

        [Fact]
        public void Images_add_a_fixed_estimate_and_mark_the_count_as_estimate()
        {
            var plain = TokenCounter.CountMessages(new[] { new ChatMessage("user", "what is this?") });
            var withImage = new ChatMessage("user", "what is this?")
            {
                Attachments = new[] { new ChatAttachment { Kind = "image", MediaType = "image/png", Length = 5_000 }, new ChatAttachment { Kind = "image" } },
            };
            var result = TokenCounter.CountMessages(new[] { withImage });
            Assert.Equal(plain.Count + 2 * TokenCounter.ImageTokenEstimate, result.Count);
            Assert.True(result.IsEstimate);

            var pdf = new ChatMessage("user", "x") { Attachments = new[] { new ChatAttachment { Kind = "file", Length = 200 * 1024 } } };
            Assert.Equal(TokenCounter.CountMessages(new[] { new ChatMessage("user", "x") }).Count + 4 * TokenCounter.ImageTokenEstimate,
                TokenCounter.CountMessages(new[] { pdf }).Count);
        }

        [Fact]
        public void Unknown_tokenizer_family_is_an_estimate_of_utf8_bytes_over_four()
        {
            var gemini = ModelCatalog.Bundled.Get("gemini-3.1-pro-preview");
            var r = TokenCounter.CountText("héllo wörld", gemini); // 13 UTF-8 bytes → 4
            Assert.True(r.IsEstimate);
            Assert.Equal(4, r.Count);
            Assert.Equal(0, TokenCounter.CountText("", gemini).Count);
            Assert.Equal(1, TokenCounter.CountText("a", ModelCatalog.Bundled.Get("deepseek-v3.2")).Count);
            Assert.Equal(2, TokenCounter.CountText("😀😀", gemini).Count); // 8 bytes

            var messages = TokenCounter.CountMessages(new[] { new ChatMessage("user", "12345678") }, gemini);
            Assert.True(messages.IsEstimate);
            Assert.Equal(3 + 1 + 2 + 3, messages.Count);
        }

        [Fact]
        public void Live_and_user_models_use_their_id_family()
        {
            Assert.False(TokenCounter.CountText("hello", new ModelInfo { Id = "gpt-4o", Origin = "live" }).IsEstimate);
            Assert.False(TokenCounter.CountText("hello", new ModelInfo { Id = "gpt-4.1-mini", Origin = "user" }).IsEstimate);
            Assert.True(TokenCounter.CountText("hello", new ModelInfo { Id = "llama-3", Origin = "user" }).IsEstimate);
            Assert.False(TokenCounter.CountText("hello", new ModelInfo { Id = "custom", Tokenizer = "o200k_base" }).IsEstimate);
        }

        [Fact]
        public void Tool_calls_are_counted_and_make_an_estimate()
        {
            var m = new ChatMessage("assistant", null)
            {
                ToolCalls = new[] { new ToolCall { Id = "call_1", Name = "Get-Date", ArgumentsJson = "{\"Format\":\"o\"}" } },
            };
            var r = TokenCounter.CountMessages(new[] { m });
            Assert.True(r.IsEstimate);
            Assert.True(r.Count > TokenCounter.CountMessages(new[] { new ChatMessage("assistant", null) }).Count);
        }

        [Fact]
        public void Counting_is_safe_from_many_threads()
        {
            string text = string.Concat(Enumerable.Repeat("PowerShell pipes objects, not text. 管道 😀\n", 50));
            int expected = TokenCounter.CountO200k(text);
            var counts = new int[64];
            Parallel.For(0, counts.Length, i => counts[i] = TokenCounter.CountO200k(text));
            Assert.All(counts, c => Assert.Equal(expected, c));
        }
    }
}
