using System.Text;

namespace VivgridPS.Core.Chat
{
    /// <summary>A tool call being assembled from stream fragments.</summary>
    internal sealed class ToolCallBuilder
    {
        private readonly StringBuilder _arguments = new StringBuilder();
        private string? _finalArguments;

        public ToolCallBuilder(int index) => Index = index;

        public int Index { get; }
        /// <summary>Responses output item id (fc_...), which argument deltas refer to; null for chat.</summary>
        public string? ItemId { get; set; }
        public string? Id { get; private set; }
        public string? Name { get; private set; }

        /// <summary>First non-empty id wins: later fragments repeat it or send "".</summary>
        public void OfferId(string? id)
        {
            if (string.IsNullOrEmpty(Id) && !string.IsNullOrEmpty(id)) Id = id;
        }

        public void OfferName(string? name)
        {
            if (string.IsNullOrEmpty(Name) && !string.IsNullOrEmpty(name)) Name = name;
        }

        public void AppendArguments(string? fragment)
        {
            if (!string.IsNullOrEmpty(fragment)) _arguments.Append(fragment);
        }

        /// <summary>The complete arguments from a done event replace the deltas (they are the authoritative copy).</summary>
        public void SetFinalArguments(string? arguments)
        {
            if (arguments != null) _finalArguments = arguments;
        }

        public ToolCallData Build() => new ToolCallData
        {
            Index = Index,
            Id = Id ?? string.Empty,
            Name = Name ?? string.Empty,
            ArgumentsJson = _finalArguments ?? _arguments.ToString(),
        };
    }
}
