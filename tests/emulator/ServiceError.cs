namespace VivgridEmulator;

/// <summary>A 400 the real service would answer: the OpenAI envelope's message, param and code (type is invalid_request_error).</summary>
internal sealed record ServiceError(string Message, string? Param, string? Code)
{
    public static ServiceError UnsupportedValue(string param, string message) => new(message, param, "unsupported_value");

    public static ServiceError UnsupportedParameter(string param, string message) => new(message, param, "unsupported_parameter");

    public Task WriteAsync(HttpContext context) => OpenAiError.WriteAsync(context, 400, Message, "invalid_request_error", Code, Param);
}
