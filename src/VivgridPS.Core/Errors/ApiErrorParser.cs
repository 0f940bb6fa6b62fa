using System;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VivgridPS.Core.Chat;

namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// Turns an error response into an <see cref="ApiError"/>: the OpenAI envelope {"error":{message,type,param,code}}
    /// when the body has one, otherwise the body itself as readable text (a proxy's HTML page, a plain-text 502).
    /// </summary>
    public static class ApiErrorParser
    {
        /// <summary>Bodies are kept for humans to read, not archived: 2 KB is enough to see what a proxy said.</summary>
        internal const int MaxRawChars = 2048;

        private static readonly Regex ScriptOrStyle = new Regex(@"<(script|style)\b[^>]*>.*?</\1\s*>",
            RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex Tag = new Regex(@"<[^>]*>", RegexOptions.CultureInvariant);
        private static readonly Regex Whitespace = new Regex(@"\s+", RegexOptions.CultureInvariant);

        public static ApiError Parse(int? status, string? body, string? contentType)
        {
            ApiError? fromEnvelope = TryParseEnvelope(body);
            if (fromEnvelope != null)
            {
                fromEnvelope.HttpStatus = status;
                return fromEnvelope;
            }

            return new ApiError { HttpStatus = status, RawBody = ReadableText(body, contentType) };
        }

        /// <summary>Truncates text to the kept size, marking the cut so nobody mistakes it for the whole body.</summary>
        internal static string Truncate(string text)
            => text.Length <= MaxRawChars ? text : text.Substring(0, MaxRawChars) + "…";

        /// <summary>
        /// Reads an error member (reader on its property name). Objects give the OpenAI fields; a bare string
        /// (some gateways send {"error":"..."}) becomes the message. Anything else is skipped and gives null.
        /// </summary>
        internal static ApiError? ReadErrorMember(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw new JsonException("Unexpected end of JSON.");
            if (reader.TokenType == JsonTokenType.String) return new ApiError { Message = reader.GetString() };
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }

            var error = new ApiError();
            while (JsonReading.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("message"u8)) error.Message = JsonReading.ReadScalarAsText(ref reader);
                else if (reader.ValueTextEquals("type"u8)) error.Type = JsonReading.ReadScalarAsText(ref reader);
                else if (reader.ValueTextEquals("code"u8)) error.Code = JsonReading.ReadScalarAsText(ref reader);
                else if (reader.ValueTextEquals("param"u8)) error.Param = JsonReading.ReadScalarAsText(ref reader);
                else reader.Skip();
            }

            return error;
        }

        private static ApiError? TryParseEnvelope(string? body)
        {
            if (body is null) return null;
            string trimmed = body.Trim();
            if (trimmed.Length == 0 || trimmed[0] != '{') return null;

            try
            {
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(trimmed));
                JsonReading.StartRootObject(ref reader);
                ApiError? error = null;
                string? topMessage = null;
                while (JsonReading.NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("error"u8)) error = ReadErrorMember(ref reader) ?? error;
                    else if (reader.ValueTextEquals("message"u8)) topMessage = JsonReading.ReadScalarAsText(ref reader);
                    else reader.Skip();
                }

                // {"message": "..."} without an envelope is common enough (API gateways) to be worth reading.
                if (error is null && topMessage != null) error = new ApiError { Message = topMessage };
                if (error != null && error.Message is null && error.Type is null && error.Code is null)
                {
                    error.RawBody = Truncate(trimmed);
                }

                return error;
            }
            catch (JsonException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private static string? ReadableText(string? body, string? contentType)
        {
            if (body is null) return null;
            string text = body.Trim();
            if (text.Length == 0) return null;
            if (LooksLikeHtml(text, contentType)) text = HtmlToText(text);
            return Truncate(text);
        }

        private static bool LooksLikeHtml(string text, string? contentType)
        {
            if (contentType != null && contentType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            return text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
                || (text[0] == '<' && text.IndexOf("</", StringComparison.Ordinal) > 0);
        }

        private static string HtmlToText(string html)
        {
            // Only the start of a page is shown anyway; bounding the input bounds the regex work on huge pages.
            const int MaxHtmlChars = 64 * 1024;
            if (html.Length > MaxHtmlChars) html = html.Substring(0, MaxHtmlChars);
            string withoutCode = ScriptOrStyle.Replace(html, " ");
            string withoutTags = Tag.Replace(withoutCode, " ");
            return Whitespace.Replace(WebUtility.HtmlDecode(withoutTags), " ").Trim();
        }
    }
}
