namespace VivgridPS.Core.Http
{
    /// <summary>What the gate made of a 429: whether it costs the call one of its retries, and what to tell -Verbose.</summary>
    public readonly struct GateVerdict
    {
        public GateVerdict(bool countsAsRetry, string notice)
        {
            CountsAsRetry = countsAsRetry;
            Notice = notice;
        }

        /// <summary>False when the request was in flight before the gate paused: the gate's own pacing, not the call's.</summary>
        public bool CountsAsRetry { get; }
        public string Notice { get; }
    }
}
