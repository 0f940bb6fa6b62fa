using System.Text.Encodings.Web;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// JSON writer settings for request bodies. The default encoder escapes every non-ASCII character and quote
    /// as \uXXXX (it is built for HTML embedding), which made a 1.8 MB French/German/CJK prompt a 2.4 MB body;
    /// request bodies never reach a browser, so only what JSON itself requires is escaped.
    /// </summary>
    internal static class RequestJson
    {
        public static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };
    }
}
