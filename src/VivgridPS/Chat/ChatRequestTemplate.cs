using System.Collections.Generic;
using VivgridPS.Core.Chat;

namespace VivgridPS.Chat
{
    /// <summary>
    /// The parts of a request that every item of one Invoke-VivgridChat shares (model, options, system prompt,
    /// prior messages, attachments); <see cref="Create"/> adds one item's user message.
    /// </summary>
    internal sealed class ChatRequestTemplate
    {
        public string? Model { get; set; }
        public ChatApi Api { get; set; }
        public string? SystemPrompt { get; set; }
        public List<VivgridPS.ChatMessage> PriorMessages { get; set; } = new List<VivgridPS.ChatMessage>();
        public VivgridPS.ChatAttachment[] Attachments { get; set; } = System.Array.Empty<VivgridPS.ChatAttachment>();
        public int? MaxOutputTokens { get; set; }
        public double? Temperature { get; set; }
        public double? TopP { get; set; }
        public string? ReasoningEffort { get; set; }
        public string[]? Stop { get; set; }
        public long? Seed { get; set; }
        public string? JsonSchema { get; set; }
        public string JsonSchemaName { get; set; } = "result";
        public bool JsonObject { get; set; }
        public List<ToolDefinition> Tools { get; } = new List<ToolDefinition>();
        public string? ToolChoice { get; set; }

        public ChatRequest Create(ChatWorkItem item)
        {
            var request = new ChatRequest
            {
                Model = Model,
                Api = Api,
                MaxOutputTokens = MaxOutputTokens,
                Temperature = Temperature,
                TopP = TopP,
                ReasoningEffort = ReasoningEffort,
                Stop = Stop,
                Seed = Seed,
                JsonSchema = JsonSchema,
                JsonSchemaName = JsonSchemaName,
                JsonObject = JsonObject,
                ToolChoice = ToolChoice,
            };
            request.Tools.AddRange(Tools);
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
