using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CsCheck;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Hostile;

/// <summary>
/// The whole response path (transport, SSE framing, caps, accumulators, runner) over recorded real traffic with random
/// damage and over bodies no server should send. The only outcomes allowed: a success whose answer is exactly the text
/// that was delivered, with no event left unread; or a VivgridException whose partial result keeps every delivered
/// character. Never another exception type, never a hang.
/// </summary>
public sealed class HostilePropertyTests
{
    /// <summary>Small caps, so the random bodies cross them often; every real recording fits under them.</summary>
    private static readonly ResponseLimits Limits = new ResponseLimits(maxEventBytes: 96 * 1024, maxBodyBytes: 128 * 1024, maxAnswerChars: 64 * 1024);

    private sealed record Recording(string File, byte[] Bytes, bool IsStream, ChatApi Api);

    private static readonly Recording[] Recordings = LoadRecordings();

    private static Recording[] LoadRecordings()
    {
        var all = new List<Recording>();
        foreach (var (kind, stream, api) in new[] { ("chat-stream", true, ChatApi.Chat), ("responses-stream", true, ChatApi.Responses),
                     ("chat", false, ChatApi.Chat), ("responses", false, ChatApi.Responses), ("error", false, ChatApi.Chat) })
        {
            foreach (var file in RealData.FilesOfKind(kind)) all.Add(new Recording(file, RealData.Bytes(file), stream, api));
        }
        return all.ToArray();
    }

    /// <summary>One kind of damage at a relative place (scaled to the body's length when applied).</summary>
    private sealed record Mutation(int Kind, uint Where, int Size, byte Value);

    private static readonly Gen<Mutation> AnyMutation =
        Gen.Select(Gen.Int[0, 9], Gen.UInt, Gen.Int[1, 64], Gen.Byte, (k, w, s, v) => new Mutation(k, w, s, v));

    private static byte[] Apply(byte[] body, Mutation m)
    {
        var bytes = new List<byte>(body);
        int at = bytes.Count == 0 ? 0 : (int)(m.Where % (uint)bytes.Count);
        switch (m.Kind)
        {
            case 0: if (bytes.Count > 0) bytes[at] = m.Value; break;                                // one byte changed (invalid UTF-8 too)
            case 1: bytes.InsertRange(at, Enumerable.Repeat(m.Value, m.Size)); break;              // bytes inserted
            case 2: bytes.RemoveRange(at, Math.Min(m.Size, bytes.Count - at)); break;             // bytes lost
            case 3: bytes.RemoveRange(at, bytes.Count - at); break;                                 // cut off
            case 4: bytes.InsertRange(at, Encoding.ASCII.GetBytes(new string('[', 200 * m.Size))); break; // nesting bomb
            case 5: bytes.InsertRange(at, Encoding.ASCII.GetBytes("\n\ndata: " + new string('x', 2048 * m.Size))); break; // a line past the cap
            case 6: bytes.InsertRange(at, new byte[] { 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80 }); break; // invalid UTF-8
            case 7: Replace(bytes, "_tokens\":", "_tokens\":" + (m.Value % 3 == 0 ? "-1" : m.Value % 3 == 1 ? "1e99" : "\"7\"") + ",\"x\":"); break;
            case 8: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(m.Size * 16, bytes.Count - at))); break; // a piece repeated
            default: Replace(bytes, "\n\n", "\r\n\r\n"); break;                                    // other line ends
        }
        return bytes.ToArray();
    }

    private static void Replace(List<byte> bytes, string find, string with)
    {
        var text = Encoding.UTF8.GetString(bytes.ToArray());
        int i = text.IndexOf(find, StringComparison.Ordinal);
        if (i < 0) return;
        var replaced = Encoding.UTF8.GetBytes(text.Substring(0, i) + with + text.Substring(i + find.Length));
        bytes.Clear();
        bytes.AddRange(replaced);
    }

    private static readonly Gen<(Recording, byte[])> Damaged =
        Gen.Select(Gen.Int[0, Recordings.Length - 1], AnyMutation.List[0, 3], (i, ms) =>
        {
            var r = Recordings[i];
            return (r, ms.Aggregate(r.Bytes, Apply));
        });

    /// <summary>Bodies written from nothing: noise, deep nesting, endless lines, JSON that is no answer, HTML.</summary>
    private static readonly Gen<(Recording, byte[])> Hostile = Gen.OneOf(
        Gen.Byte.Array[0, 4096].Select(b => (Fake(true), b)),
        Gen.Byte.Array[0, 4096].Select(b => (Fake(false), b)),
        Gen.Int[1, 5000].Select(n => (Fake(true), Encoding.ASCII.GetBytes("data: " + new string('{', n) + "\n\n"))),
        Gen.Int[1, 300].Select(k => (Fake(true), Encoding.ASCII.GetBytes("data: " + new string('y', 1024 * k)))),
        Gen.Int[1, 300].Select(k => (Fake(false), Encoding.ASCII.GetBytes("{\"choices\":[{\"message\":{\"content\":\"" + new string('z', 1024 * k) + "\"}}]}"))),
        Gen.OneOf(Gen.Const("{}"), Gen.Const("[]"), Gen.Const("null"), Gen.Const("{\"object\":\"list\",\"data\":[]}"), Gen.Const("<html><body>Login</body></html>"),
            Gen.Const("{\"choices\":[{\"message\":{\"content\":\"ok\"}}],\"usage\":{\"prompt_tokens\":-5}}"))
            .Select(s => (Fake(false), Encoding.UTF8.GetBytes(s))),
        Gen.String.Select(s => (Fake(true), Encoding.UTF8.GetBytes("data: " + s + "\n\ndata: [DONE]\n\n"))));

    private static Recording Fake(bool stream) => new Recording("(hostile)", Array.Empty<byte>(), stream, ChatApi.Chat);

    [Fact]
    public async Task Damaged_recordings_and_hostile_bodies_end_in_a_whole_answer_or_a_typed_error()
    {
        var outcomes = new Dictionary<string, int>();
        await Gen.Frequency((3, Damaged), (1, Hostile)).SampleAsync(async sample =>
        {
            var (recording, body) = sample;
            var handler = new ScriptedHandler(() => recording.IsStream ? ScriptedHandler.Sse(body) : ScriptedHandler.Json(body));
            var result = await HostileResponseTests.Run(handler, Limits, stream: recording.IsStream, api: recording.Api);
            Check(recording.File, result);
            lock (outcomes) Count(outcomes, HostileResponseTests.Error(result)?.ErrorId ?? "completed");
        }, iter: 400, threads: 1);
        // The generators must reach the interesting outcomes, or the property proves little.
        foreach (var expected in new[] { "completed", VivgridErrorId.MalformedResponse, VivgridErrorId.ResponseTooLarge })
        {
            Assert.True(outcomes.ContainsKey(expected), expected + " never happened: " + string.Join(", ", outcomes.Select(o => o.Key + "=" + o.Value)));
        }
    }

    [Fact]
    public async Task Every_undamaged_recording_passes_the_same_checks_under_the_small_caps()
    {
        foreach (var recording in Recordings)
        {
            var handler = new ScriptedHandler(() => recording.IsStream ? ScriptedHandler.Sse(recording.Bytes) : ScriptedHandler.Json(recording.Bytes));
            var result = await HostileResponseTests.Run(handler, Limits, stream: recording.IsStream, api: recording.Api);
            Check(recording.File, result);
            if (HostileResponseTests.Error(result) is { } e)
            {
                // Real traffic may carry a real error (recorded 4xx/5xx bodies, an error event): never a cap or a parse failure.
                Assert.True(e.ErrorId != VivgridErrorId.ResponseTooLarge && e.ErrorId != VivgridErrorId.MalformedResponse, recording.File + ": " + e.Message);
            }
        }
    }

    private static void Check(string file, Reliability.RunResult result)
    {
        var interrupted = result.Events.Find(e => e.Kind == ChatEventKind.Interrupted);
        if (result.Failure is null && interrupted is null)
        {
            var completion = result.Outcome!.Completion!;
            Assert.Equal(result.Text, completion.Content);
            Assert.Equal(0, completion.MalformedEventCount);
        }
        else if (interrupted != null)
        {
            // Ended after text or with a bad answer: the error is typed and the partial keeps every delivered character.
            Assert.Same(interrupted.Failure, result.Failure);
            Assert.IsType<VivgridException>(interrupted.Failure);
            Assert.False(string.IsNullOrWhiteSpace(interrupted.Failure!.Message));
            Assert.StartsWith(result.Text, interrupted.Completion!.Content);
        }
        else
        {
            Assert.True(result.Failure is VivgridException, file + ": untyped " + result.Failure);
            Assert.Equal(string.Empty, result.Text); // text was shown: it had to end in an Interrupted event keeping it
        }
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
}
