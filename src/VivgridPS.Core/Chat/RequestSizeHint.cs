namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Pre-sizes the request buffer so a big prompt is written once instead of through repeated doublings
    /// (a 1.6 MB prompt would otherwise pass through 2, 4 and 8 MB buffers).
    /// </summary>
    internal static class RequestSizeHint
    {
        public static int Estimate(ChatRequest request)
        {
            long size = 1024 + (request.JsonSchema?.Length ?? 0);
            foreach (var message in request.Messages)
            {
                // Mostly ASCII text: ~1.1 bytes per char after escaping; attachments are already base64 ASCII.
                size += 64 + (message.Content?.Length ?? 0) * 11L / 10;
                foreach (var attachment in message.Attachments) size += 96 + attachment.DataUri.Length;
            }
            foreach (var tool in request.Tools) size += 64 + tool.ParametersSchemaJson.Length;
            return size > int.MaxValue / 2 ? int.MaxValue / 2 : (int)size;
        }
    }
}
