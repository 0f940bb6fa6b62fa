using System.Globalization;
using System.Text;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// What -WhatIf and -Confirm show: the endpoint, the model, counted input tokens, the worst-case cost, and
    /// the request body (trimmed). The key never appears: only the body is shown, and it has no key.
    /// </summary>
    public static class RequestDescription
    {
        private const int BodyLimit = 2000;

        public static string Describe(ChatRequest request, ChatPreflight preflight, VivgridConnection connection)
        {
            var path = request.Api == ChatApi.Responses ? "responses" : "chat/completions";
            var body = RequestBodyWriter.Build(request);
            var json = Encoding.UTF8.GetString(body.Array!, body.Offset, System.Math.Min(body.Count, BodyLimit));
            var more = body.Count > BodyLimit ? string.Format(CultureInfo.InvariantCulture, "... ({0:N0} bytes in all)", body.Count) : string.Empty;
            return SecretRedactor.Redact(
                $"Invoke-VivgridChat: POST {connection.Resolve(path)} — {Summary(request, preflight)}\n{json}{more}", connection.ApiKey);
        }

        public static string Warning(ChatRequest request, ChatPreflight preflight) =>
            "Send this chat request? " + Summary(request, preflight);

        private static string Summary(ChatRequest request, ChatPreflight preflight)
        {
            var model = request.Model ?? "managed (service default)";
            var tokens = preflight.InputTokens is { } counted
                ? (preflight.IsEstimate ? "~" : string.Empty) + counted.ToString("N0", CultureInfo.InvariantCulture)
                : "uncounted";
            var cost = preflight.Estimate?.MaxTotalCostUsd is { } worst
                ? "worst-case cost $" + worst.ToString("0.######", CultureInfo.InvariantCulture)
                : "cost unknown (no catalog price)";
            return $"model {model}, {tokens} input tokens, {cost}";
        }
    }
}
