namespace VivgridPS
{
    /// <summary>
    /// A tool Vivgrid ran on its own servers during the answer (the compact stream's f: and r: frames). Nothing runs
    /// locally; it is reported so scripts can see what the answer was based on.
    /// </summary>
    public sealed class ServerToolCall
    {
        public string Id { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        /// <summary>The arguments as the service sent them (JSON text).</summary>
        public string Arguments { get; set; } = string.Empty;
        /// <summary>The tool's result text; null when no r: frame arrived for it.</summary>
        public string? Result { get; set; }
        /// <summary>started, completed or what the service said; started when only the call arrived.</summary>
        public string Status { get; set; } = string.Empty;

        public ServerToolCall Copy() => (ServerToolCall)MemberwiseClone();

        public override string ToString() => Name + "(" + Arguments + ") " + Status;
    }
}
