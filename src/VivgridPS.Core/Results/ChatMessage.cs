using System;

namespace VivgridPS
{
    /// <summary>One message of a conversation (system, user, assistant or tool).</summary>
    public sealed class ChatMessage
    {
        public ChatMessage() { }

        public ChatMessage(string role, string? content)
        {
            Role = role;
            Content = content;
        }

        public string Role { get; set; } = "user";
        public string? Content { get; set; }
        /// <summary>Attachment parts (images as data URIs, PDFs as files) sent with a user message.</summary>
        public ChatAttachment[] Attachments { get; set; } = Array.Empty<ChatAttachment>();
        /// <summary>Tool calls made by an assistant message.</summary>
        public ToolCall[] ToolCalls { get; set; } = Array.Empty<ToolCall>();
        /// <summary>For role=tool: the call this message answers.</summary>
        public string? ToolCallId { get; set; }
        public string? Name { get; set; }

        public override string ToString() => Role + ": " + Content;
    }
}
