namespace VivgridEmulator;

/// <summary>The scripted-reply queue and the request log of one emulator; safe to use from any thread.</summary>
public sealed class EmulatorState
{
    private static readonly string[] KnownFaults = ["disconnect", "stall", "reset"];

    private readonly object _gate = new();
    private readonly LinkedList<QueuedReply> _queue = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly Func<string> _realDataFolder;
    private long _sequence;

    internal EmulatorState(Func<string> realDataFolder)
    {
        _realDataFolder = realDataFolder;
    }

    /// <summary>Snapshot of every /v1 request received since the last reset, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.Select(r => r.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>Replies still waiting, counting each remaining repeat.</summary>
    public int PendingReplies
    {
        get
        {
            lock (_gate)
            {
                return _queue.Sum(q => q.Remaining);
            }
        }
    }

    /// <summary>Queues a reply for the next /v1 request (FIFO). Throws ArgumentException for a reply that can never be served.</summary>
    public void Enqueue(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        Validate(reply);
        lock (_gate)
        {
            _queue.AddLast(new QueuedReply(reply, Math.Max(1, reply.Repeat ?? 1)));
        }
    }

    /// <summary>The rate-limited mode's bucket, or null when requests are not limited.</summary>
    public TokenBucket? RateLimit { get; private set; }

    /// <summary>Turns the rate-limited mode on (N requests per second, fresh counters) or off (0).</summary>
    public void SetRateLimit(int perSecond) => RateLimit = perSecond > 0 ? new TokenBucket(perSecond) : null;

    /// <summary>The rate limit the emulator started with (--rate-limit); reset returns to it.</summary>
    internal int DefaultRateLimit { get; set; }

    /// <summary>Drops queued replies and recorded requests, and returns to the starting rate-limited mode (fresh counters).</summary>
    public void Reset()
    {
        SetRateLimit(DefaultRateLimit);
        lock (_gate)
        {
            _queue.Clear();
            _requests.Clear();
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal string RealDataFolder => _realDataFolder();

    internal ScriptedReply? TryDequeue()
    {
        lock (_gate)
        {
            LinkedListNode<QueuedReply>? head = _queue.First;
            if (head is null)
            {
                return null;
            }

            head.Value.Remaining--;
            if (head.Value.Remaining <= 0)
            {
                _queue.RemoveFirst();
            }

            return head.Value.Reply;
        }
    }

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal RecordedRequest Record(string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        var request = new RecordedRequest(method, path, headers, body, DateTime.UtcNow);
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    internal void MarkFirstByte(RecordedRequest request)
    {
        lock (_gate)
        {
            request.FirstByteAt ??= DateTime.UtcNow;
        }
    }

    internal void MarkFirstContent(RecordedRequest request)
    {
        lock (_gate)
        {
            request.FirstContentAt ??= DateTime.UtcNow;
        }
    }

    internal void MarkCompleted(RecordedRequest request)
    {
        lock (_gate)
        {
            request.CompletedAt ??= DateTime.UtcNow;
        }
    }

    internal void Validate(ScriptedReply reply)
    {
        if (reply.Fault is not null && !KnownFaults.Contains(reply.Fault))
        {
            throw new ArgumentException($"Unknown fault '{reply.Fault}'; use disconnect, stall or reset.", nameof(reply));
        }

        if (reply.Replay is null)
        {
            return;
        }

        // Only bare file names: the replay folder is the one place a script may read from.
        if (Path.GetFileName(reply.Replay) != reply.Replay || reply.Replay.Length == 0)
        {
            throw new ArgumentException($"Replay '{reply.Replay}' must be a file name, not a path.", nameof(reply));
        }

        string file = Path.Combine(RealDataFolder, reply.Replay);
        if (!File.Exists(file))
        {
            throw new ArgumentException($"Replay file '{reply.Replay}' was not found in {RealDataFolder}.", nameof(reply));
        }
    }

    private sealed class QueuedReply(ScriptedReply reply, int remaining)
    {
        public ScriptedReply Reply { get; } = reply;

        public int Remaining { get; set; } = remaining;
    }
}
