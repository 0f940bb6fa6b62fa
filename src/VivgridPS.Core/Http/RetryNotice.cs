using System;

namespace VivgridPS.Core.Http
{
    /// <summary>What a retry is about to do, for -Verbose: which attempt, how long we wait, and why.</summary>
    public sealed class RetryNotice
    {
        public RetryNotice(int attempt, int maxRetries, TimeSpan delay, string reason)
        {
            Attempt = attempt;
            MaxRetries = maxRetries;
            Delay = delay;
            Reason = reason;
        }

        public int Attempt { get; }
        public int MaxRetries { get; }
        public TimeSpan Delay { get; }
        public string Reason { get; }

        public override string ToString() =>
            $"Retry {Attempt} of {MaxRetries} in {Delay.TotalSeconds:0.##} s: {Reason}";
    }
}
