using System;
using System.Collections.Generic;
using VivgridPS.Core.Chat;

namespace VivgridPS.Tests.Reliability;

/// <summary>What one call through <see cref="RunnerHarness"/> reported: its events and the failure, if any.</summary>
public sealed class RunResult
{
    public List<ChatEvent> Events { get; } = new List<ChatEvent>();
    public Exception? Failure { get; set; }

    public string Text => string.Concat(Events.FindAll(e => e.Kind == ChatEventKind.Delta).ConvertAll(e => e.Text));
    public List<ChatEvent> Retries => Events.FindAll(e => e.Kind == ChatEventKind.Retry);
    public ChatOutcome? Outcome => Events.Find(e => e.Kind == ChatEventKind.Completed)?.Outcome;
    /// <summary>What had arrived when the stream broke after text (the Interrupted event's outcome).</summary>
    public ChatOutcome? Partial => Events.Find(e => e.Kind == ChatEventKind.Interrupted)?.Outcome;
}
