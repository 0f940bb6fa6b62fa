namespace VivgridPS.Tools
{
    /// <summary>What one tool call gave back to the model: the role=tool message content, and whether it ran.</summary>
    internal sealed record ToolOutcome(string Content, bool Ran, bool Failed);
}
