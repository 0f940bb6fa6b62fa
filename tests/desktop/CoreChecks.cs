using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Core.Input;
using VivgridPS.Core.Ledger;
using VivgridPS.Core.Models;
using VivgridPS.Core.Tokens;

namespace VivgridPS.DesktopCheck
{
    /// <summary>
    /// The PowerShell-free core, section by section: token counts, the catalog, every recording replayed through the
    /// HTTP stack, file reading, the ledger, and HTTP faults (retries, a dropped stream, a stall, a 401).
    /// Every line is a fact both runtimes must agree on; timings are left out.
    /// </summary>
    public static class CoreChecks
    {
        private const string Key = "test-key-0123456789abcdefSECRET";
        private const string Model = "gpt-5.4-mini";
        private const string Sample = "Grüße aus Zürich — 東京の天気は？ ✓ 🚀\nLine two: naïve café, \"quotes\" and a tab\tend.";

        public static void Run(CheckOutput output, Uri emulator, string recordings, string work)
        {
            Directory.CreateDirectory(work);
            output.Section("tokens", () => Tokens(output));
            output.Section("catalog", () => Catalog(output));
            output.Section("files", () => Files(output, work));
            output.Section("ledger", () => Ledger(output, work));
            using var control = new EmulatorControl(emulator);
            output.Section("recordings", () => Recordings(output, control, emulator, recordings));
            output.Section("http", () => Http(output, control, emulator));
            output.Section("proxy", () => Proxy(output, control));
        }

        /// <summary>
        /// The system proxy: the Desktop build's handler leaves Proxy unset, so the runtime's default proxy applies
        /// (WinINET settings on .NET Framework; http_proxy on Mono and on .NET under Linux). The test points http_proxy
        /// at the emulator and calls a host that does not resolve: only a request sent through the proxy arrives.
        /// </summary>
        private static void Proxy(CheckOutput output, EmulatorControl control)
        {
            if (Environment.GetEnvironmentVariable("http_proxy") is null)
            {
                output.Line("proxy", "no http_proxy set");
                return;
            }

            control.Reset();
            output.Line("proxy", "unresolvable-host " + Call(new Uri("http://vivgrid.invalid/v1/"), Request(ChatApi.Chat, stream: true), allowUnencrypted: true));
            output.Line("proxy", "requests " + control.RequestCount());
        }

        private static void Tokens(CheckOutput output)
        {
            output.Line("tokens", "sample " + TokenCounter.CountO200k(Sample));
            output.Line("tokens", "special " + TokenCounter.CountO200k("before <|endoftext|> after <|fim_prefix|>"));
            output.Line("tokens", "empty " + TokenCounter.CountO200k(string.Empty));
            string big = BigText(30_001);
            output.Line("tokens", "big chars " + big.Length + " tokens " + TokenCounter.CountO200k(big));
            if (!ModelCatalog.Bundled.TryGet(Model, out var model)) throw new InvalidOperationException(Model + " is not in the bundled catalog.");
            var text = TokenCounter.CountText(Sample, model);
            output.Line("tokens", "text " + Describe(text));
            var messages = new[] { new VivgridPS.ChatMessage("system", "Be brief."), new VivgridPS.ChatMessage("user", Sample) };
            output.Line("tokens", "messages " + Describe(TokenCounter.CountMessages(messages, model)));
            output.Line("tokens", "estimate " + TokenCounter.EstimateText(Sample));
        }

        private static string Describe(TokenCountResult result) => result.Count + (result.IsEstimate ? " estimate" : " exact");

        // Words, numbers, punctuation, CJK and emoji in a fixed order, until the o200k count passes the target.
        private static string BigText(int targetTokens)
        {
            string[] pieces = { "The quick brown fox", " 1234567", " — naïve café", " 東京の天気", " 🚀✓", "\n", " jumps over", " the lazy dog." };
            var builder = new StringBuilder();
            int i = 0;
            while (true)
            {
                for (int n = 0; n < 500; n++, i++) builder.Append(pieces[i % pieces.Length]).Append(i % 97);
                if (TokenCounter.CountO200k(builder.ToString()) >= targetTokens) return builder.ToString();
            }
        }

        private static void Catalog(CheckOutput output)
        {
            var catalog = ModelCatalog.Bundled;
            output.Line("catalog", "models " + catalog.All.Count);
            foreach (var m in catalog.All)
            {
                output.Line("catalog", string.Join("|", m.Id, m.Provider, m.ContextWindow, m.MaxOutputTokens, m.InputPricePerMillion,
                    m.CachedInputPricePerMillion, m.OutputPricePerMillion, m.Api, m.Tokenizer, m.SupportsTools,
                    string.Join(",", m.InputModalities), string.Join(",", m.PriceTiers.Select(t => t.AboveInputTokens + ":" + t.InputPricePerMillion + "/" + t.CachedInputPricePerMillion + "/" + t.OutputPricePerMillion))));
            }

            output.Line("catalog", "has gpt-5.4-mini " + catalog.TryGet("gpt-5.4-mini", out _) + ", no-such-model " + catalog.TryGet("no-such-model", out _));
            output.Line("catalog", "closest " + string.Join(",", catalog.SuggestClosest("gpt-5.4-mnii")));
            output.Line("catalog", "unknown " + CheckOutput.Escape(catalog.UnknownModelMessage("no-such-model")));
        }

        private static void Files(CheckOutput output, string work)
        {
            var encodings = new (string Name, Encoding Encoding)[]
            {
                ("utf8", new UTF8Encoding(false)), ("utf8-bom", new UTF8Encoding(true)),
                ("utf16le-bom", new UnicodeEncoding(false, true)), ("utf16be-bom", new UnicodeEncoding(true, true)),
            };
            foreach (var (name, encoding) in encodings)
            {
                string path = Path.Combine(work, name + ".txt");
                File.WriteAllText(path, Sample, encoding);
                string read = TextFileReader.Read(path);
                output.Line("files", name + " same=" + (read == Sample) + " " + CheckOutput.Escape(read));
            }

            // Over one 64 KB read chunk, so multi-byte characters straddle chunk edges.
            string bigPath = Path.Combine(work, "big.txt");
            string big = string.Concat(Enumerable.Repeat(Sample + "\n", 2000));
            File.WriteAllText(bigPath, big, new UTF8Encoding(false));
            output.Line("files", "big same=" + (TextFileReader.Read(bigPath) == big) + " sha256 " + Sha256(TextFileReader.Read(bigPath)));

            // A log another process is still writing (shared for read and write, as a logger opens it) is readable.
            string logPath = Path.Combine(work, "open-log.txt");
            using (var writer = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
            {
                byte[] bytes = Encoding.UTF8.GetBytes("still being written\n");
                writer.Write(bytes, 0, bytes.Length);
                writer.Flush();
                output.Line("files", "open-for-write " + CheckOutput.Escape(TextFileReader.Read(logPath)));
            }

            output.Line("files", "prefixed " + CheckOutput.Escape(TextFileReader.Read(Path.Combine(work, "utf8.txt"), "File: x\n")));
            output.Line("files", "missing " + Failure(() => TextFileReader.Read(Path.Combine(work, "missing.txt"))));
            output.Line("files", "too-big " + Failure(() => TextFileReader.Read(bigPath, 1024)));
        }

        private static void Ledger(CheckOutput output, string work)
        {
            string path = Path.Combine(work, "ledger", "usage.jsonl");
            var ledger = new UsageLedger(path);
            Parallel.For(0, 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => ledger.Append(new VivgridPS.UsageRecord
            {
                Time = new DateTimeOffset(2026, 11, 29, 12, 0, i, TimeSpan.Zero),
                Model = Model,
                InputTokens = 100 + i,
                OutputTokens = i,
                CostUsd = 0.0001m * i,
                Tag = "mono",
                Prompt = "Zürich " + i,
            }));
            var records = ledger.Read().ToList();
            output.Line("ledger", "records " + records.Count + " lines " + File.ReadAllLines(path).Length);
            output.Line("ledger", "input " + records.Sum(r => r.InputTokens) + " cost " + records.Sum(r => r.CostUsd ?? 0m));
            output.Line("ledger", "distinct-seconds " + records.Select(r => r.Time).Distinct().Count());
            output.Line("ledger", "windows-default " + UsageLedger.ResolvePath(
                name => name == "LOCALAPPDATA" ? @"C:\Users\svc-report\AppData\Local" : null, windows: true));
            // The platform check itself (RuntimeInformation, which .NET Framework 4.7.1+ has in the box).
            output.Line("ledger", "this-platform " + UsageLedger.ResolvePath(name => name == "HOME" ? "/home/svc-report" : null));
        }

        private static void Recordings(CheckOutput output, EmulatorControl control, Uri emulator, string folder)
        {
            var files = Directory.GetFiles(folder)
                .Select(Path.GetFileName)
                .Where(f => f!.EndsWith(".sse", StringComparison.Ordinal) || f.Contains("-nonstream"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            output.Line("recordings", "files " + files.Count);
            foreach (string file in files!)
            {
                control.Reset();
                // Replayed in 97-byte pieces, so events and UTF-8 sequences are split across reads.
                control.Script("{\"replay\":\"" + file + "\",\"replayChunkBytes\":97}");
                var api = file!.StartsWith("responses", StringComparison.Ordinal) ? ChatApi.Responses : ChatApi.Chat;
                output.Line("recordings", file + " " + Call(emulator, Request(api, stream: file.EndsWith(".sse", StringComparison.Ordinal))));
            }
        }

        private static void Http(CheckOutput output, EmulatorControl control, Uri emulator)
        {
            void Case(string name, string? script, ChatRequest request, TimeSpan? idle = null)
            {
                control.Reset();
                if (script != null) control.Script(script);
                output.Line("http", name + " " + Call(emulator, request, idle));
                output.Line("http", name + " requests " + control.RequestCount());
            }

            Case("default-stream", null, Request(ChatApi.Chat, stream: true));
            Case("default-json", null, Request(ChatApi.Chat, stream: false));
            Case("responses", null, Request(ChatApi.Responses, stream: true));
            Case("retry-500", "[{\"replay\":\"error-500.json\",\"status\":500},{\"content\":\"after a retry\"}]", Request(ChatApi.Chat, true));
            Case("retry-429", "[{\"replay\":\"error-429.json\",\"status\":429,\"headers\":{\"Retry-After\":\"0\"}},{\"content\":\"after 429\"}]", Request(ChatApi.Chat, true));
            Case("reset-before-bytes", "[{\"fault\":\"reset\",\"afterChunks\":0},{\"content\":\"after a reset\"}]", Request(ChatApi.Chat, true));
            Case("dropped-stream", "{\"chunks\":[\"one \",\"two \",\"three \",\"four\"],\"fault\":\"disconnect\",\"afterChunks\":2}", Request(ChatApi.Chat, true));
            Case("stall", "{\"chunks\":[\"one \",\"two\"],\"fault\":\"stall\",\"afterChunks\":1}", Request(ChatApi.Chat, true), TimeSpan.FromSeconds(1));
            Case("unauthorized", "{\"replay\":\"error-401.json\",\"status\":401}", Request(ChatApi.Chat, true));
            Case("unicode", "{\"chunks\":[\"Grüße \",\"東京\",\" 🚀\"]}", Request(ChatApi.Chat, true));
        }

        private static ChatRequest Request(ChatApi api, bool stream)
        {
            var request = new ChatRequest { Model = Model, Api = api, Stream = stream };
            request.Messages.Add(new VivgridPS.ChatMessage("user", "Übersetze: 東京 ✓ 🚀 — naïve"));
            return request;
        }

        /// <summary>One call through ChatRunner over the shared HttpClient; what came back, or the typed failure.</summary>
        private static string Call(Uri emulator, ChatRequest request, TimeSpan? idle = null, bool allowUnencrypted = false)
        {
            var transport = new ApiTransport(SharedHttpClient.Instance, new VivgridConnection(emulator, Key, allowUnencrypted),
                new RetryPolicy(2, baseDelay: TimeSpan.FromMilliseconds(10), maxDelay: TimeSpan.FromMilliseconds(40)), TimeSpan.FromSeconds(10),
                // Its own rate-limit gate: a scripted 429 or exhausted quota in one check must not pace or stop the next.
                gate: new RateLimitGate(emulator.Authority));
            var runner = new ChatRunner(transport, new ChatCallOptions { IdleTimeout = idle ?? TimeSpan.FromSeconds(10) });
            var deltas = new StringBuilder();
            int deltaCount = 0, retryCount = 0;
            ChatEvent? outcome = null;
            Exception? failure = null;
            ChatCompletion? partial = null;
            try
            {
                RunAsync(runner, request, e =>
                {
                    if (e.Kind == ChatEventKind.Delta) { deltas.Append(e.Text); deltaCount++; }
                    else if (e.Kind == ChatEventKind.Retry) retryCount++;
                    else if (e.Kind == ChatEventKind.Completed) outcome = e;
                    else if (e.Kind == ChatEventKind.Interrupted) { failure = e.Failure; partial = e.Completion; }
                    else if (e.Kind == ChatEventKind.Failed) failure = e.Failure;
                }).GetAwaiter().GetResult();
            }
            catch (VivgridException thrown)
            {
                failure = thrown;
            }

            if (failure != null)
            {
                // What a caller keeps after the failure: the partial completion of a broken stream.
                partial ??= runner.Partial;
                string kept = partial is { } c ? CheckOutput.Escape(c.Content) + " finish=" + c.FinishReason : "(none)";
                string id = failure is VivgridException v ? v.ErrorId + " kind=" + v.Kind + " status=" + v.HttpStatus : failure.GetType().FullName!;
                return "FAILED " + id + " retries=" + retryCount + " shown=" + CheckOutput.Escape(deltas.ToString()) + " partial=" + kept;
            }

            if (outcome is null) return "NO OUTCOME";
            ChatCompletion done = outcome.Completion!;
            TokenUsage? u = done.Usage;
            return "content=" + CheckOutput.Escape(done.Content) + " shown-matches=" + (deltas.ToString() == done.Content) +
                " deltas=" + deltaCount + " finish=" + done.FinishReason + " done=" + done.Done + " retries=" + outcome.Retries + "/" + retryCount +
                " usage=" + (u is null ? "none" : u.InputTokens + "/" + u.CachedInputTokens + "/" + u.OutputTokens + "/" + u.ReasoningTokens + "/" + u.TotalTokens) +
                " tools=" + string.Join(";", done.ToolCalls.Select(t => t.Index + ":" + t.Name + CheckOutput.Escape(t.ArgumentsJson))) +
                " refusal=" + CheckOutput.Escape(done.Refusal) + " reasoning=" + (done.Reasoning?.Length ?? 0) + " status=" + done.Status +
                " malformed=" + done.MalformedEventCount + " streamError=" + (done.StreamError is null ? "none" : CheckOutput.Escape(done.StreamError.Message));
        }

        private static async Task RunAsync(ChatRunner runner, ChatRequest request, Action<ChatEvent> onEvent)
        {
            using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await foreach (ChatEvent e in runner.RunAsync(request, safety.Token).ConfigureAwait(false)) onEvent(e);
        }

        private static string Failure(Action action)
        {
            try
            {
                action();
                return "no failure";
            }
            catch (VivgridException e)
            {
                return "VivgridException " + e.ErrorId + " " + e.Kind;
            }
            catch (Exception e)
            {
                return e.GetType().FullName!;
            }
        }

        private static string Sha256(string text)
        {
            using var sha = SHA256.Create();
            return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(text))).Replace("-", string.Empty);
        }
    }
}
