namespace VivgridPS
{
    /// <summary>A function call the model asked for.</summary>
    public sealed class ToolCall
    {
        public string Id { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        /// <summary>Arguments parsed into an object (a PSCustomObject when set by the cmdlet layer), null if unparseable.</summary>
        public object? Arguments { get; set; }
        /// <summary>The raw JSON text of the arguments, exactly as the model sent it.</summary>
        public string ArgumentsJson { get; set; } = string.Empty;

        public override string ToString() => Name + "(" + ArgumentsJson + ")";
    }
}
