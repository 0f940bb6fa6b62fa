namespace VivgridPS.Core.Chat
{
    public enum ChatEventKind
    {
        /// <summary>A piece of answer text, as soon as it was parsed.</summary>
        Delta,
        /// <summary>A failed attempt that will be retried (for -Verbose).</summary>
        Retry,
        /// <summary>Request/response details for -Debug (already redacted).</summary>
        Debug,
        /// <summary>The call finished; <see cref="ChatEvent.Outcome"/> holds everything.</summary>
        Completed,
    }
}
