using System;
using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Streaming;
using Xunit;

namespace VivgridPS.Tests.Hostile;

public sealed class BoundedEventStreamTests
{
    private const int Cap = 64;

    /// <summary>Reads everything in chunks of the given sizes (cycled), as a network delivers it.</summary>
    private static void ReadAll(byte[] body, int[] chunks)
    {
        using var bounded = new BoundedEventStream(new MemoryStream(body), Cap);
        var buffer = new byte[256];
        for (int i = 0; ; i++)
        {
            int n = bounded.Read(buffer, 0, Math.Min(buffer.Length, chunks[i % chunks.Length]));
            if (n == 0) return;
        }
    }

    private static readonly Gen<string> LineEnd = Gen.OneOf(Gen.Const("\n"), Gen.Const("\r"), Gen.Const("\r\n"));

    /// <summary>An event of lines that together stay within the cap, ended by a blank line.</summary>
    private static readonly Gen<string> SmallEvent =
        Gen.Select(Gen.Int[1, 4], LineEnd, (lines, end) => (lines, end))
           .SelectMany(t => Gen.Int[0, Cap / t.lines].Array[t.lines].Select(sizes =>
               string.Concat(sizes.Select(s => new string('a', s) + t.end)) + t.end));

    [Fact]
    public void Events_within_the_cap_pass_whatever_the_line_ends_and_read_sizes()
    {
        Gen.Select(SmallEvent.Array[1, 20], Gen.Int[1, 300].Array[1, 5]).Sample((events, chunks) =>
            ReadAll(Encoding.ASCII.GetBytes(string.Concat(events)), chunks));
    }

    [Fact]
    public void An_event_past_the_cap_fails_whatever_the_read_sizes_even_split_over_many_lines()
    {
        Gen.Select(SmallEvent.Array[0, 5], Gen.Int[1, 300].Array[1, 5], LineEnd).Sample((before, chunks, end) =>
        {
            // 5 lines of 20 bytes, no blank line between them: 100 bytes in one event.
            var big = string.Concat(Enumerable.Repeat(new string('b', 20) + end, 5)) + end;
            var e = Assert.Throws<VivgridException>(() => ReadAll(Encoding.ASCII.GetBytes(string.Concat(before) + big), chunks));
            Assert.Equal(VivgridErrorId.ResponseTooLarge, e.ErrorId);
        });
    }

    [Fact]
    public void A_CRLF_split_between_two_reads_is_one_line_end_not_a_blank_line()
    {
        // "aaa\r" | "\naaa..." : if the split CRLF counted as two line ends the event would restart and never fail.
        var body = Encoding.ASCII.GetBytes(new string('a', 40) + "\r\n" + new string('a', 40) + "\r\n\r\n");
        Assert.Throws<VivgridException>(() => ReadAll(body, new[] { 41, 1, 300 }));
    }
}
