using System;

namespace VivgridPS.Core.Chat
{
    /// <summary>What one request is made of: the instruction, the material, attachments, and what it answers.</summary>
    public sealed class ChatWorkItem
    {
        public string? Instruction { get; set; }
        public string? Material { get; set; }
        public VivgridPS.ChatAttachment[] Attachments { get; set; } = Array.Empty<VivgridPS.ChatAttachment>();
        /// <summary>File path or input object, for per-item requests; null for the collected request.</summary>
        public object? Source { get; set; }

        /// <summary>
        /// What the ledger records as the source without -LogContent: a file's path, or "item N" (the input's 1-based
        /// position) for strings and objects, whose text is content and must not reach the ledger.
        /// </summary>
        public string? LedgerSource { get; set; }

        /// <summary>The whole user text when the collector already built it (instruction and material in one string).</summary>
        public string? Text { get; set; }

        /// <summary>The user message text: instruction first, then the material it is about.</summary>
        public string? UserText()
        {
            if (Text != null) return Text;
            var hasInstruction = !string.IsNullOrEmpty(Instruction);
            var hasMaterial = !string.IsNullOrEmpty(Material);
            if (hasInstruction && hasMaterial) return Instruction + "\n\n" + Material;
            return hasInstruction ? Instruction : hasMaterial ? Material : null;
        }
    }
}
