namespace VivgridPS.Core.Chat
{
    /// <summary>The Responses stream events we act on; everything else is <see cref="Other"/> and ignored.</summary>
    internal enum ResponsesEventKind
    {
        Unknown,
        Other,
        Created,
        InProgress,
        OutputTextDelta,
        OutputTextDone,
        RefusalDelta,
        ReasoningDelta,
        OutputItemAdded,
        OutputItemDone,
        FunctionCallArgumentsDelta,
        Completed,
        Incomplete,
        Failed,
        Error,
    }
}
