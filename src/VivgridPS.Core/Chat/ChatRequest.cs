using System.Collections.Generic;

namespace VivgridPS.Core.Chat
{
    /// <summary>Everything one call sends, independent of which endpoint's JSON it becomes.</summary>
    public sealed class ChatRequest
    {
        /// <summary>Null leaves the model out, so the service default (managed) answers.</summary>
        public string? Model { get; set; }
        public ChatApi Api { get; set; } = ChatApi.Chat;
        public List<VivgridPS.ChatMessage> Messages { get; private set; } = new List<VivgridPS.ChatMessage>();
        public bool Stream { get; set; } = true;
        public int? MaxOutputTokens { get; set; }
        public double? Temperature { get; set; }
        public double? TopP { get; set; }
        /// <summary>none, low, medium or high.</summary>
        public string? ReasoningEffort { get; set; }
        public IReadOnlyList<string>? Stop { get; set; }
        public long? Seed { get; set; }
        /// <summary>JSON schema text for strict structured output.</summary>
        public string? JsonSchema { get; set; }
        public string JsonSchemaName { get; set; } = "result";
        /// <summary>json_object mode without a schema.</summary>
        public bool JsonObject { get; set; }
        public List<ToolDefinition> Tools { get; private set; } = new List<ToolDefinition>();
        /// <summary>auto, none, required, or a tool name.</summary>
        public string? ToolChoice { get; set; }
        /// <summary>
        /// The stream format asked for. Vivgrid applies only where it is documented to work: streamed Chat Completions
        /// without client tools (<see cref="EffectiveWireFormat"/>).
        /// </summary>
        public WireFormat WireFormat { get; set; } = WireFormat.OpenAI;

        /// <summary>
        /// Whether client tools can travel in the compact stream is not documented, and the Responses API has no
        /// compact form, so those calls use the OpenAI format whatever was asked (VIVGRID-API.md §2).
        /// </summary>
        public WireFormat EffectiveWireFormat =>
            WireFormat == WireFormat.Vivgrid && Api == ChatApi.Chat && Stream && Tools.Count == 0 ? WireFormat.Vivgrid : WireFormat.OpenAI;

        /// <summary>A new request with the same model and options and no messages (each item adds its own).</summary>
        public ChatRequest CopyOptions()
        {
            var copy = (ChatRequest)MemberwiseClone();
            copy.Messages = new List<VivgridPS.ChatMessage>();
            copy.Tools = new List<ToolDefinition>(Tools);
            return copy;
        }
    }
}
