using System.Diagnostics;
using System.Globalization;
using System.Text;
using VivgridPS.Core.Chunking;

// ChunkBench generate <path> <bytes>   writes a deterministic IIS-style log of about <bytes> bytes
// ChunkBench split <path> <budget>     one pass of FileChunkSource + LineChunker with chunk text kept (the sending
//                                      pass, the heavier of the two), after a warm-up on the first 8 MB; prints
//                                      BENCH-RESULT {json}: MB/s, chunks, tokens, peak RSS above the RSS before.
var mode = args.Length > 0 ? args[0] : string.Empty;
if (mode == "generate") return Generate(args[1], long.Parse(args[2], CultureInfo.InvariantCulture));
if (mode == "split") return Split(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
Console.Error.WriteLine("usage: ChunkBench generate <path> <bytes> | split <path> <budget>");
return 2;

static int Generate(string path, long bytes)
{
    string[] verbs = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];
    string[] paths = ["/api/orders", "/api/customers", "/login", "/static/app.js", "/health", "/api/reports/daily", "/images/logo.png"];
    string[] agents = ["Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)", "curl/8.5.0", "PowerShell/7.6", "Go-http-client/2.0"];
    int[] statuses = [200, 200, 200, 200, 304, 302, 404, 500, 503];
    var random = new Random(19);
    var start = new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\n");
    long written = 0;
    for (long i = 0; written < bytes; i++)
    {
        var t = start.AddMilliseconds(i * 37);
        var line = string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm:ss} 10.0.4.{1} {2} {3} id={4}&page={5} 443 - 192.168.{6}.{7} {8} {9} 0 0 {10}\n",
            t, random.Next(1, 20), verbs[random.Next(verbs.Length)], paths[random.Next(paths.Length)], random.Next(100000), random.Next(50),
            random.Next(256), random.Next(256), agents[random.Next(agents.Length)], statuses[random.Next(statuses.Length)], random.Next(2, 4000));
        writer.Write(line);
        written += line.Length;
    }
    return 0;
}

static int Split(string path, int budget)
{
    // Warm-up: vocabulary load and JIT on a slice, so the timed pass measures throughput.
    using (var warm = new StringReader(ReadPrefix(path, 8 << 20)))
    {
        foreach (var _ in new LineChunker(budget).Split(warm)) { }
    }
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var peakReset = TryResetPeak();
    var before = Environment.WorkingSet;
    var bytes = new FileInfo(path).Length;
    var clock = Stopwatch.StartNew();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    long chunks = 0, tokens = 0, chars = 0;
    using (var reader = new FileChunkSource(path).Open())
    {
        foreach (var chunk in new LineChunker(budget).Split(reader))
        {
            chunks++;
            tokens += chunk.Tokens;
            chars += chunk.Text!.Length;
        }
    }
    clock.Stop();
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    var peak = PeakRss() ?? Process.GetCurrentProcess().PeakWorkingSet64;
    var mbps = bytes / 1e6 / clock.Elapsed.TotalSeconds;
    Console.WriteLine("BENCH-RESULT " + string.Format(CultureInfo.InvariantCulture,
        "{{\"bytes\":{0},\"seconds\":{1:F3},\"mbPerSecond\":{2:F1},\"chunks\":{3},\"tokens\":{4},\"chars\":{5},\"beforeBytes\":{6},\"peakBytes\":{7},\"peakReset\":{8},\"budget\":{9},\"cpuSeconds\":{10:F3},\"mbPerCpuSecond\":{11:F1}}}",
        bytes, clock.Elapsed.TotalSeconds, mbps, chunks, tokens, chars, before, peak, peakReset ? "true" : "false", budget, cpu, bytes / 1e6 / cpu));
    return 0;
}

static string ReadPrefix(string path, int chars)
{
    using var reader = new StreamReader(path);
    var buffer = new char[chars];
    var n = reader.ReadBlock(buffer, 0, chars);
    var text = new string(buffer, 0, n);
    var last = text.LastIndexOf('\n');
    return last > 0 ? text.Substring(0, last + 1) : text;
}

// Linux: writing 5 to clear_refs resets the peak (VmHWM) to the current RSS, so the peak read afterwards is this pass's.
static bool TryResetPeak()
{
    try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; } catch (Exception) { return false; }
}

static long? PeakRss()
{
    try
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
    }
    catch (IOException) { }
    return null;
}
