namespace VivgridEmulator;

/// <summary>Writes errors in the OpenAI envelope {"error":{"message","type","param","code"}}.</summary>
internal static class OpenAiError
{
    public static byte[] Build(string message, string type, string? code, string? param = null) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        if (param is null) { w.WriteNull("param"); } else { w.WriteString("param", param); }
        if (code is null) { w.WriteNull("code"); } else { w.WriteString("code", code); }
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? code, string? param = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Build(message, type, code, param), context.RequestAborted);
    }

    /// <summary>The body for a scripted error status that came without its own body.</summary>
    public static byte[] ForStatus(int status) => status switch
    {
        401 => Build("Incorrect API key provided. You can find your API key in the Vivgrid console.", "invalid_request_error", "invalid_api_key"),
        429 => Build("Rate limit reached. Please try again later.", "rate_limit_exceeded", "rate_limit_exceeded"),
        >= 500 => Build("The server had an error while processing your request.", "server_error", null),
        _ => Build("Emulated error " + status + ".", "invalid_request_error", null),
    };
}
