namespace VivgridPS.Core.Chat
{
    public enum ChatEventKind
    {
        /// <summary>A piece of answer text, as soon as it was parsed.</summary>
        Delta,
        /// <summary>A failed attempt that will be retried (for -Verbose).</summary>
        Retry,
        /// <summary>The rate-limit gate paused new requests, or held this one, and why (for -Verbose).</summary>
        Throttled,
        /// <summary>Request/response details for -Debug (already redacted).</summary>
        Debug,
        /// <summary>
        /// The answer asks for tools and -InvokeTool allows running them: run <see cref="ChatEvent.ToolCalls"/> on the
        /// pipeline thread and give the outputs to <see cref="ChatEvent.ToolAnswer"/>. Carries the round's usage record.
        /// </summary>
        ToolCallsRequested,
        /// <summary>The next tool round is ready to send: answer <see cref="ChatEvent.Confirmation"/> (ShouldProcess).</summary>
        ConfirmRound,
        /// <summary>
        /// The call finished. From <see cref="ChatRunner"/>: <see cref="ChatEvent.Completion"/> and its timings. From
        /// <see cref="ChatConversation"/>: <see cref="ChatEvent.Result"/> and the last round's <see cref="ChatEvent.Usage"/>,
        /// with <see cref="ChatEvent.Failure"/> when a problem ended the conversation early (the result still stands).
        /// </summary>
        Completed,
        /// <summary>The stream broke after text had arrived: the partial answer and the StreamInterrupted error.</summary>
        Interrupted,
        /// <summary>The call failed; <see cref="ChatEvent.Failure"/> says why. Nothing of it is an answer.</summary>
        Failed,
    }
}
