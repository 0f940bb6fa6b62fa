using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using VivgridPS.Json;

namespace VivgridPS.Tools
{
    /// <summary>
    /// A tool's output as compact JSON for the role=tool message: one object as itself, several as an array,
    /// nested values cut at <see cref="MaxDepth"/>. Output over <see cref="MaxChars"/> is first flattened to
    /// scalar properties, then keeps whole items up to the limit and says how many were left out, so the model
    /// knows to ask for less instead of trusting a partial answer.
    /// </summary>
    internal static class ToolResultSerializer
    {
        public const int MaxChars = 16_000;
        /// <summary>An item, its properties, and one level below them: enough for Get-Service/Get-Process rows.</summary>
        public const int MaxDepth = 3;
        // The text goes to a model, not into HTML: keep quotes and non-ASCII letters readable (and fewer tokens).
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static string Serialize(IReadOnlyList<object?> output, IReadOnlyList<string> errors, int maxChars = MaxChars)
        {
            var full = Fit(output, item => PSObjectJsonWriter.ToJson(item, MaxDepth), maxChars);
            var flattened = false;
            if (full.Omitted > 0)
            {
                // Too big with nested values: the scalar properties of every item usually fit, and say more.
                var flat = Fit(output, FlatObjectWriter.ToJson, maxChars);
                if (flat.Items.Count > full.Items.Count || flat.Omitted == 0)
                {
                    full = flat;
                    flattened = true;
                }
            }
            if (output.Count == 1 && full.Omitted == 0 && errors.Count == 0 && !flattened) return full.Items[0];
            var body = "[" + string.Join(",", full.Items) + "]";
            if (errors.Count == 0 && full.Omitted == 0 && !flattened) return body;
            return Wrap(body, errors, full.Omitted, output.Count, maxChars, flattened);
        }

        private static (List<string> Items, int Omitted) Fit(IReadOnlyList<object?> output, System.Func<object?, string> write, int maxChars)
        {
            var items = new List<string>();
            var used = 0;
            var omitted = 0;
            foreach (var item in output)
            {
                if (omitted > 0)
                {
                    omitted++;
                    continue;
                }
                var json = write(item);
                if (used + json.Length + 1 <= maxChars)
                {
                    items.Add(json);
                    used += json.Length + 1;
                }
                else if (items.Count == 0)
                {
                    // The first item alone is too big (a long text): keep its beginning, as a string.
                    items.Add(PSObjectJsonWriter.ToJson(json.Substring(0, maxChars) + "…"));
                    omitted++;
                }
                else omitted++;
            }
            return (items, omitted);
        }

        public static string Error(string message)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                json.WriteStartObject();
                json.WriteString("error", message);
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static string Wrap(string body, IReadOnlyList<string> errors, int omitted, int total, int maxChars, bool flattened)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                json.WriteStartObject();
                json.WritePropertyName("output");
                json.WriteRawValue(body, skipInputValidation: true);
                if (omitted > 0)
                {
                    json.WriteString("truncated", string.Format(CultureInfo.InvariantCulture,
                        "The result is limited to {0:N0} characters: {1} of {2} items are shown in full; call the tool with narrower arguments for the rest.",
                        maxChars, total - omitted, total));
                }
                if (flattened) json.WriteString("note", "Nested properties were left out to fit the size limit; only text, number, flag and date properties are shown.");
                if (errors.Count > 0)
                {
                    json.WriteStartArray("errors");
                    foreach (var error in errors) json.WriteStringValue(error);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
