using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace VivgridPS.Json
{
    /// <summary>
    /// Writes PowerShell values (hashtables, PSCustomObjects, arrays, primitives) as compact JSON with a depth
    /// limit: for -JsonSchema hashtables, tool results and pipeline rule 4 (objects as JSON lines).
    /// ConvertTo-Json is not callable from a compiled cmdlet without a nested pipeline, and nested pipelines
    /// cannot run while this cmdlet's own pipeline is running.
    /// </summary>
    internal static class PSObjectJsonWriter
    {
        public static string ToJson(object? value, int maxDepth = 8)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                Write(json, value, maxDepth);
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        public static void Write(Utf8JsonWriter json, object? value, int depth)
        {
            var baseObject = value is PSObject ps ? ps.BaseObject : value;
            switch (baseObject)
            {
                case null:
                    json.WriteNullValue();
                    return;
                case string s:
                    json.WriteStringValue(s);
                    return;
                case char c:
                    json.WriteStringValue(c.ToString());
                    return;
                case bool b:
                    json.WriteBooleanValue(b);
                    return;
                case int or long or short or byte or sbyte or uint or ushort or ulong:
                    json.WriteRawValue(System.Convert.ToString(baseObject, CultureInfo.InvariantCulture)!);
                    return;
                case decimal m:
                    json.WriteNumberValue(m);
                    return;
                case double d when !double.IsNaN(d) && !double.IsInfinity(d):
                    json.WriteNumberValue(d);
                    return;
                case float f when !float.IsNaN(f) && !float.IsInfinity(f):
                    json.WriteNumberValue(f);
                    return;
                case DateTime dt:
                    json.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset dto:
                    json.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case Enum e:
                    json.WriteStringValue(e.ToString());
                    return;
                case Guid or Uri or TimeSpan or Version or FileSystemInfo:
                    json.WriteStringValue(baseObject is FileSystemInfo fsi ? fsi.FullName : baseObject.ToString());
                    return;
            }
            if (depth <= 0)
            {
                json.WriteStringValue(baseObject.ToString());
                return;
            }
            switch (baseObject)
            {
                case IDictionary dictionary:
                    json.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        json.WritePropertyName(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(json, entry.Value, depth - 1);
                    }
                    json.WriteEndObject();
                    return;
                case IEnumerable sequence:
                    json.WriteStartArray();
                    foreach (var item in sequence) Write(json, item, depth - 1);
                    json.WriteEndArray();
                    return;
            }
            WriteProperties(json, value is PSObject wrapped ? wrapped : PSObject.AsPSObject(baseObject), depth);
        }

        private static void WriteProperties(Utf8JsonWriter json, PSObject obj, int depth)
        {
            json.WriteStartObject();
            foreach (var property in obj.Properties)
            {
                if (!PropertyReader.TryGetValue(property, out var propertyValue)) continue;
                json.WritePropertyName(property.Name);
                Write(json, propertyValue, depth - 1);
            }
            json.WriteEndObject();
        }
    }
}
