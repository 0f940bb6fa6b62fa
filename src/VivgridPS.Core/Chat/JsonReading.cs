using System;
using System.Globalization;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Small helpers over <see cref="Utf8JsonReader"/>. Every Read* method expects the reader to sit on a property name
    /// and leaves it on the last token of that property's value, so callers can loop over properties uniformly.
    /// Values of an unexpected kind are skipped and reported as null: providers disagree on shapes, and one odd field
    /// must not cost the rest of the event.
    /// </summary>
    internal static class JsonReading
    {
        public static string? ReadString(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.String) return reader.GetString();
            reader.Skip();
            return null;
        }

        /// <summary>Reads a string, or the text of a number/boolean (error codes are numbers for some providers).</summary>
        public static string? ReadScalarAsText(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.String: return reader.GetString();
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out long whole)
                        ? whole.ToString(CultureInfo.InvariantCulture)
                        : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture);
                case JsonTokenType.True: return "true";
                case JsonTokenType.False: return "false";
                default:
                    reader.Skip();
                    return null;
            }
        }

        public static int? ReadInt(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value)) return value;
            reader.Skip();
            return null;
        }

        public static long? ReadLong(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value)) return value;
            reader.Skip();
            return null;
        }

        /// <summary>Moves onto the property's value; true when that value is an object (otherwise it is skipped).</summary>
        public static bool EnterObject(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.StartObject) return true;
            reader.Skip();
            return false;
        }

        /// <summary>Moves onto the property's value; true when that value is an array (otherwise it is skipped).</summary>
        public static bool EnterArray(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.StartArray) return true;
            reader.Skip();
            return false;
        }

        /// <summary>Inside an object: moves to the next property name; false at the object's end.</summary>
        public static bool NextProperty(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.PropertyName) return true;
            if (reader.TokenType == JsonTokenType.EndObject) return false;
            throw new JsonException("Expected a property name or the end of an object.");
        }

        /// <summary>Inside an array: moves to the next element; false at the array's end.</summary>
        public static bool NextElement(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            return reader.TokenType != JsonTokenType.EndArray;
        }

        /// <summary>Opens the root object of a document; anything else is malformed for our purposes.</summary>
        public static void StartRootObject(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("The JSON value is not an object.");
        }

        /// <summary>Unix seconds to a timestamp; 0 and out-of-range values mean "not said" (Azure sends created: 0).</summary>
        public static DateTimeOffset? FromUnixSeconds(long? seconds)
        {
            const long MaxUnixSeconds = 253402300799; // 9999-12-31
            if (seconds is null || seconds <= 0 || seconds > MaxUnixSeconds) return null;
            return DateTimeOffset.FromUnixTimeSeconds(seconds.Value);
        }

        private static void Advance(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw new JsonException("Unexpected end of JSON.");
        }
    }
}
