using System.Collections.Generic;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// What every request of one Invoke-VivgridChat shares: the model and options (a <see cref="ChatRequest"/>
    /// without messages), the system prompt, prior messages and -Attachment files. <see cref="Create"/> adds one
    /// item's user message.
    /// </summary>
    public sealed class ChatRequestTemplate
    {
        public ChatRequest Options { get; } = new ChatRequest();
        public string? SystemPrompt { get; set; }
        public List<VivgridPS.ChatMessage> PriorMessages { get; set; } = new List<VivgridPS.ChatMessage>();
        public VivgridPS.ChatAttachment[] Attachments { get; set; } = System.Array.Empty<VivgridPS.ChatAttachment>();

        public ChatRequest Create(ChatWorkItem item)
        {
            var request = Options.CopyOptions();
            if (!string.IsNullOrEmpty(SystemPrompt) && !PriorMessages.Exists(m => m.Role == "system"))
            {
                request.Messages.Add(new VivgridPS.ChatMessage("system", SystemPrompt));
            }
            request.Messages.AddRange(PriorMessages);
            var attachments = new List<VivgridPS.ChatAttachment>(Attachments);
            attachments.AddRange(item.Attachments);
            var text = item.UserText();
            if (text != null || attachments.Count > 0)
            {
                request.Messages.Add(new VivgridPS.ChatMessage("user", text) { Attachments = attachments.ToArray() });
            }
            return request;
        }
    }
}
