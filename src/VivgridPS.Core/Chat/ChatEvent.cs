using VivgridPS.Core.Http;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// What the core reports while a call runs. Plain data, so the cmdlet writes everything from the pipeline
    /// thread and the core needs no PowerShell types (STYLE: "a core that returns plain events").
    /// </summary>
    public sealed class ChatEvent
    {
        private ChatEvent(ChatEventKind kind, string? text, RetryNotice? retry, ChatOutcome? outcome)
        {
            Kind = kind;
            Text = text;
            Retry = retry;
            Outcome = outcome;
        }

        public ChatEventKind Kind { get; }
        public string? Text { get; }
        public RetryNotice? Retry { get; }
        public ChatOutcome? Outcome { get; }

        public static ChatEvent Delta(string text) => new ChatEvent(ChatEventKind.Delta, text, null, null);
        public static ChatEvent Retrying(RetryNotice notice) => new ChatEvent(ChatEventKind.Retry, notice.ToString(), notice, null);
        public static ChatEvent Debug(string text) => new ChatEvent(ChatEventKind.Debug, text, null, null);
        public static ChatEvent Completed(ChatOutcome outcome) => new ChatEvent(ChatEventKind.Completed, null, null, outcome);
    }
}
