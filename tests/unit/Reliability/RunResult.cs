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
    /// <summary>The Completed event: the whole answer (<see cref="ChatEvent.Completion"/>), its timings and retries.</summary>
    public ChatEvent? Outcome => Events.Find(e => e.Kind == ChatEventKind.Completed);
    /// <summary>The Interrupted event: what had arrived when the stream broke after text.</summary>
    public ChatEvent? Partial => Events.Find(e => e.Kind == ChatEventKind.Interrupted);
}
