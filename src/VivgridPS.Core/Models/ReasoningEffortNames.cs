namespace VivgridPS.Core.Models
{
    /// <summary>The reasoning efforts the OpenAI-style APIs know, weakest first (OpenAI API reference, ReasoningEffort).</summary>
    public static class ReasoningEffortNames
    {
        public static readonly string[] All = { "none", "minimal", "low", "medium", "high", "xhigh" };
    }
}
