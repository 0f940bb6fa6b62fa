namespace VivgridPS.Core.Chat
{
    /// <summary>A function tool offered to the model: its name, what it does, and its parameters as JSON schema text.</summary>
    public sealed class ToolDefinition
    {
        public ToolDefinition(string name, string? description, string parametersSchemaJson)
        {
            Name = name;
            Description = description;
            ParametersSchemaJson = parametersSchemaJson;
        }

        public string Name { get; }
        public string? Description { get; }
        public string ParametersSchemaJson { get; }
    }
}
