namespace VivgridPS
{
    /// <summary>An image or PDF sent as a content part (base64 data URI).</summary>
    public sealed class ChatAttachment
    {
        /// <summary>image or file.</summary>
        public string Kind { get; set; } = "image";
        public string MediaType { get; set; } = "application/octet-stream";
        public string FileName { get; set; } = string.Empty;
        /// <summary>data:&lt;media type&gt;;base64,... — kept whole so a conversation can be resent.</summary>
        public string DataUri { get; set; } = string.Empty;
        public long Length { get; set; }

        public override string ToString() => FileName + " (" + MediaType + ", " + Length + " bytes)";
    }
}
