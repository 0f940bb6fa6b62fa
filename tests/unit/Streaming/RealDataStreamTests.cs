using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Tests.Parsing;
using Xunit;

namespace VivgridPS.Tests.Streaming
{
    /// <summary>
    /// Every recorded stream, delivered every way a network can deliver it, must give exactly the facts in
    /// expected.json: whole, one byte per read, random splits, CRLF and CR line ends.
    /// </summary>
    public sealed class RealDataStreamTests
    {
        public enum Delivery { Whole, Trickle, RandomChunks, CrLf, CrOnly, CrLfTrickle }

        public static IEnumerable<object[]> Cases()
        {
            foreach (string kind in new[] { "chat-stream", "responses-stream" })
            {
                foreach (string file in RealData.FilesOfKind(kind))
                {
                    foreach (Delivery delivery in Enum.GetValues(typeof(Delivery))) yield return new object[] { file, delivery };
                }
            }
        }

        [Fact]
        public void EveryStreamRecordingIsCovered()
        {
            // Guards the MemberData: if expected.json gained a kind name we do not know, this fails instead of skipping.
            Assert.Equal(9, RealData.FilesOfKind("chat-stream").Count);
            Assert.Equal(4, RealData.FilesOfKind("responses-stream").Count);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task StreamGivesExpectedFacts(string file, Delivery delivery)
        {
            JsonElement expected = RealData.Expected(file);
            string kind = expected.GetProperty("kind").GetString()!;
            byte[] bytes = RealData.Bytes(file);
            var random = new Random(file.Sum(c => c) * 31 + (int)delivery); // stable seed: string.GetHashCode is per-process
            Func<int>? chunks = delivery switch
            {
                Delivery.Trickle or Delivery.CrLfTrickle => () => 1,
                Delivery.RandomChunks => () => random.Next(1, 700),
                _ => null,
            };
            if (delivery is Delivery.CrLf or Delivery.CrLfTrickle) bytes = LineEndings.ToCrLf(bytes);
            if (delivery == Delivery.CrOnly) bytes = LineEndings.ToCr(bytes);

            IStreamAccumulator acc = StreamRun.AccumulatorFor(kind);
            (List<string> deltas, ChatCompletion result) = await StreamRun.RunAsync(new ScriptedStream(bytes, chunks), acc);

            if (kind == "chat-stream") ExpectedFacts.AssertChatStream(expected, result);
            else ExpectedFacts.AssertResponsesStream(expected, result);
            // What went to the pipeline is exactly the content, one yield per counted delta.
            Assert.Equal(result.Content, string.Concat(deltas));
            Assert.Equal(result.ContentDeltaCount, deltas.Count);
            Assert.True(acc.IsTerminal || !result.Done);
        }

        [Theory]
        [MemberData(nameof(ExpectedFacts.Files), "chat-stream", MemberType = typeof(ExpectedFacts))]
        [MemberData(nameof(ExpectedFacts.Files), "responses-stream", MemberType = typeof(ExpectedFacts))]
        public void ApplyingEventsDirectlyGivesTheSameFacts(string file)
        {
            // The accumulator contract without the reader: split on blank lines ourselves and feed event name + data.
            JsonElement expected = RealData.Expected(file);
            string kind = expected.GetProperty("kind").GetString()!;
            IStreamAccumulator acc = StreamRun.AccumulatorFor(kind);
            string text = Encoding.UTF8.GetString(RealData.Bytes(file));
            foreach (string block in text.Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries))
            {
                string eventType = "message";
                var data = new List<string>();
                foreach (string line in block.Split('\n'))
                {
                    if (line.StartsWith("event:", StringComparison.Ordinal)) eventType = line.Substring(6).Trim();
                    else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Add(line.Substring(5).TrimStart(' '));
                }

                if (data.Count > 0) acc.Apply(eventType, Encoding.UTF8.GetBytes(string.Join("\n", data)));
            }

            if (kind == "chat-stream") ExpectedFacts.AssertChatStream(expected, acc.Current);
            else ExpectedFacts.AssertResponsesStream(expected, acc.Current);
        }

        [Theory]
        [MemberData(nameof(ExpectedFacts.Files), "responses-stream", MemberType = typeof(ExpectedFacts))]
        public void ResponsesEventsWithoutEventNamesUseTheJsonType(string file)
        {
            // Some proxies drop the `event:` lines; the JSON `type` field then has to carry the stream.
            JsonElement expected = RealData.Expected(file);
            string withoutNames = string.Join("\n", Encoding.UTF8.GetString(RealData.Bytes(file)).Split('\n')
                .Where(line => !line.StartsWith("event:", StringComparison.Ordinal)));
            (_, ChatCompletion result) = StreamRun.Run(Encoding.UTF8.GetBytes(withoutNames), "responses-stream");
            ExpectedFacts.AssertResponsesStream(expected, result);
        }
    }
}
