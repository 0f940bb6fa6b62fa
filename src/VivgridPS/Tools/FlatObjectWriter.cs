using System;
using System.Management.Automation;
using System.Text.Json;

namespace VivgridPS.Tools
{
    /// <summary>
    /// The compact fallback for output too big at full depth: each object with only its scalar properties
    /// (text, numbers, flags, dates, enums). A list of 300 services keeps Name/Status/StartType and drops the
    /// nested dependency lists, so far more rows fit in the limit.
    /// </summary>
    internal static class FlatObjectWriter
    {
        public static string ToJson(object? value)
        {
            var baseObject = value is PSObject ps ? ps.BaseObject : value;
            if (IsScalar(baseObject)) return Json.PSObjectJsonWriter.ToJson(baseObject, maxDepth: 1);
            using var buffer = new System.IO.MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach (var property in PSObject.AsPSObject(value!).Properties)
                {
                    if (!Json.PropertyReader.TryGetValue(property, out var propertyValue)) continue;
                    var scalar = propertyValue is PSObject wrapped ? wrapped.BaseObject : propertyValue;
                    if (scalar is null || !IsScalar(scalar)) continue;
                    json.WritePropertyName(property.Name);
                    Json.PSObjectJsonWriter.Write(json, scalar, 0);
                }
                json.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static bool IsScalar(object? value) =>
            value is null or string or char or bool or Enum or DateTime or DateTimeOffset or Guid or TimeSpan or Version or Uri
                || value is int or long or short or byte or sbyte or uint or ushort or ulong or double or float or decimal;
    }
}
