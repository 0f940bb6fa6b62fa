using System;
using System.Collections.Generic;
using System.Text.Json;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// Reads the ids from GET /models. The shape is undocumented for Vivgrid (SPEC §4), so this assumes the OpenAI list
    /// <c>{"object":"list","data":[{"id":...}]}</c> and tolerates more or fewer fields: a bare array of entries is
    /// accepted too, entries without a string id are skipped, and every other field is ignored.
    /// </summary>
    public static class ModelListParser
    {
        public static IReadOnlyList<string> ParseIds(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            try
            {
                if (!reader.Read()) throw Malformed("the body is empty");
                if (reader.TokenType == JsonTokenType.StartArray) return ReadEntries(ref reader);
                if (reader.TokenType != JsonTokenType.StartObject) throw Malformed("expected a JSON object with a \"data\" array");
                IReadOnlyList<string>? ids = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isData = reader.ValueTextEquals("data");
                    reader.Read();
                    if (isData && reader.TokenType == JsonTokenType.StartArray) ids = ReadEntries(ref reader);
                    else reader.Skip();
                }
                return ids ?? throw Malformed("the response has no \"data\" array");
            }
            catch (JsonException ex)
            {
                throw Malformed("invalid JSON at line " + ((ex.LineNumber ?? 0) + 1) + ", byte " + ((ex.BytePositionInLine ?? 0) + 1), ex);
            }
            catch (InvalidOperationException ex)
            {
                // GetString on invalid UTF-8: an id with a bad byte is not an id anyone can use.
                throw Malformed("invalid text in the list (" + ex.Message + ")", ex);
            }
        }

        private static List<string> ReadEntries(ref Utf8JsonReader reader)
        {
            var ids = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    string? id = ReadId(ref reader);
                    if (!string.IsNullOrWhiteSpace(id)) ids.Add(id!);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    ids.Add(reader.GetString()!); // some gateways list bare id strings
                }
                else
                {
                    reader.Skip();
                }
            }
            return ids;
        }

        private static string? ReadId(ref Utf8JsonReader reader)
        {
            string? id = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = reader.ValueTextEquals("id");
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String) id = reader.GetString();
                else reader.Skip();
            }
            return id;
        }

        private static VivgridException Malformed(string problem, Exception? inner = null) =>
            new VivgridException(VivgridErrorId.MalformedResponse, VivgridErrorKind.ProtocolError,
                "The model list (GET /models) could not be read: " + problem + ".", inner: inner);
    }
}
