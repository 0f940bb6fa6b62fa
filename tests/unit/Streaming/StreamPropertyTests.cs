using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using CsCheck;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Tests.Parsing;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// Property tests over every recorded stream: any way of splitting the bytes gives the same result; a stream cut at
    /// any byte yields a prefix of the real answer without throwing; random byte damage never throws anything but a
    /// VivgridException (and with an in-memory stream, nothing at all).
    /// </summary>
    public sealed class StreamPropertyTests
    {
        public static IEnumerable<object[]> StreamFiles()
            => RealData.FilesOfKind("chat-stream").Concat(RealData.FilesOfKind("responses-stream")).Select(f => new object[] { f });

        private static long Iterations(byte[] bytes) => bytes.Length > 50_000 ? 40 : 150;

        [Theory]
        [MemberData(nameof(StreamFiles))]
        public void AnySplitGivesTheSameResult(string file)
        {
            byte[] bytes = RealData.Bytes(file);
            string kind = Kind(file);
            ChatCompletion whole = StreamRun.Run(bytes, kind).Result;

            Gen.Int[1, 700].Array[1, 24].Sample(sizes =>
            {
                int next = 0;
                (List<string> deltas, ChatCompletion split) = StreamRun.Run(bytes, kind, () => sizes[next++ % sizes.Length]);
                Assert.Equal(Summary(whole), Summary(split));
                Assert.Equal(whole.Content, string.Concat(deltas));
            }, iter: Iterations(bytes));
        }

        [Theory]
        [MemberData(nameof(StreamFiles))]
        public void CutAtAnyByteYieldsAPrefixAndNeverThrows(string file)
        {
            byte[] bytes = RealData.Bytes(file);
            string kind = Kind(file);
            JsonElement expected = RealData.Expected(file);
            string expectedContent = expected.GetProperty(kind == "chat-stream" ? "content" : "output_text").GetString() ?? string.Empty;
            int terminatorStart = TerminatorStart(bytes, kind);

            Gen.Int[0, bytes.Length].Select(Gen.Int[1, 300]).Sample((cut, chunk) =>
            {
                byte[] prefix = bytes.AsSpan(0, cut).ToArray();
                (List<string> deltas, ChatCompletion result) = StreamRun.Run(prefix, kind, () => chunk);
                Assert.StartsWith(result.Content, expectedContent, StringComparison.Ordinal);
                Assert.Equal(result.Content, string.Concat(deltas));
                if (cut <= terminatorStart)
                {
                    Assert.False(result.Done);
                    Assert.Equal(result.FinishReason is null, result.Truncated);
                }
            }, iter: Iterations(bytes) * 2);
        }

        [Theory]
        [MemberData(nameof(StreamFiles))]
        public void RandomByteDamageNeverThrowsAnythingButVivgridException(string file)
        {
            byte[] bytes = RealData.Bytes(file);
            string kind = Kind(file);
            var damage = Gen.Select(Gen.Int[0, bytes.Length - 1], Gen.OneOf<byte>(Gen.Byte, Gen.OneOf<byte>(
                (byte)'\n', (byte)'\r', (byte)':', (byte)'"', (byte)'{', (byte)'}', (byte)'\\', (byte)0, (byte)0xFF, (byte)0xC3)));

            Gen.Select(damage.Array[1, 12], Gen.Int[1, 400]).Sample((hits, chunk) =>
            {
                byte[] damaged = (byte[])bytes.Clone();
                foreach ((int offset, byte value) in hits) damaged[offset] = value;
                try
                {
                    (List<string> deltas, ChatCompletion result) = StreamRun.Run(damaged, kind, () => chunk);
                    Assert.Equal(result.Content, string.Concat(deltas));
                }
                catch (VivgridException)
                {
                    // allowed by contract; an in-memory stream has no connection to break, so this should not happen
                }
            }, iter: Iterations(bytes) * 2);
        }

        private static string Kind(string file) => RealData.Expected(file).GetProperty("kind").GetString()!;

        /// <summary>Where the event that ends the stream starts ([DONE], or the terminal Responses event).</summary>
        private static int TerminatorStart(byte[] bytes, string kind)
        {
            string text = Encoding.UTF8.GetString(bytes);
            int index = kind == "chat-stream"
                ? text.IndexOf("data: [DONE]", StringComparison.Ordinal)
                : new[] { "event: response.completed", "event: response.incomplete", "event: response.failed" }
                    .Select(name => text.IndexOf(name, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(text.Length).Min();
            return Encoding.UTF8.GetByteCount(text.Substring(0, index < 0 ? text.Length : index));
        }

        private static string Summary(ChatCompletion c)
            => string.Join("|", c.Id, c.Model, c.Content, c.Reasoning, c.Refusal, c.FinishReason, c.Done, c.ContentDeltaCount,
                c.Status, c.IncompleteReason, c.OutputTextDone, c.Usage?.InputTokens, c.Usage?.OutputTokens, c.Usage?.TotalTokens,
                c.Usage?.CachedInputTokens, c.Usage?.ReasoningTokens, c.StreamError?.Message, c.MalformedEventCount,
                string.Join(";", c.ToolCalls.Select(t => t.Index + t.Id + t.Name + t.ArgumentsJson)));
    }
}
