using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>One step of a stream: another delta, the end, or a typed failure.</summary>
    internal readonly struct StreamStep
    {
        public StreamStep(bool hasValue, VivgridException? failure)
        {
            HasValue = hasValue;
            Failure = failure;
        }

        public bool HasValue { get; }
        public VivgridException? Failure { get; }
    }
}
