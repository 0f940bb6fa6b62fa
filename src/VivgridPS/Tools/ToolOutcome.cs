namespace VivgridPS.Tools
{
    /// <summary>What one tool call gave back to the model: the role=tool message content, and whether it ran.</summary>
    internal sealed class ToolOutcome
    {
        public ToolOutcome(string content, bool ran, bool failed)
        {
            Content = content;
            Ran = ran;
            Failed = failed;
        }

        public string Content { get; }
        public bool Ran { get; }
        public bool Failed { get; }
    }
}
