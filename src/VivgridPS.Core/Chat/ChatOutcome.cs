using System;

namespace VivgridPS.Core.Chat
{
    /// <summary>A finished call: the parsed completion plus the timings the result object reports.</summary>
    public sealed class ChatOutcome
    {
        public ChatOutcome(ChatCompletion completion, TimeSpan duration, TimeSpan? timeToFirstToken, int retries)
        {
            Completion = completion;
            Duration = duration;
            TimeToFirstToken = timeToFirstToken;
            Retries = retries;
        }

        public ChatCompletion Completion { get; }
        public TimeSpan Duration { get; }
        public TimeSpan? TimeToFirstToken { get; }
        public int Retries { get; }
    }
}
