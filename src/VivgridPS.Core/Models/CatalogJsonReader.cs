using System;
using System.Collections.Generic;
using System.Text.Json;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Models
{
    /// <summary>
    /// Reads catalog JSON (the bundled file or a user's $env:VIVGRID_CATALOG file) with Utf8JsonReader, so every error can
    /// name its line and column. Each entry becomes a <see cref="CatalogEntryPatch"/> holding only the fields the file
    /// states: that is what lets a user file override one price without restating the whole entry.
    /// Accepted shapes: <c>{"models":[{...}]}</c> or a bare array <c>[{...}]</c>. Comments and trailing commas are allowed
    /// (people edit these files by hand); unknown properties are ignored.
    /// Hand-written not for speed (the bundled 12.5 KB file: 44 us with its patches applied, 29 us as source-generated
    /// DTOs alone, once per process; VivgridPS.Benchmarks --readers) but because a DTO cannot tell an explicit null,
    /// which overrides a bundled value, from an absent member, which must not, nor name the line of a bad value.
    /// </summary>
    internal sealed class CatalogJsonReader
    {
        private static readonly JsonReaderOptions Options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        private readonly byte[] _json;
        private readonly string _sourceName;

        private CatalogJsonReader(byte[] json, string sourceName)
        {
            _json = json;
            _sourceName = sourceName;
        }

        public static List<CatalogEntryPatch> Read(byte[] json, string sourceName)
        {
            var parser = new CatalogJsonReader(json, sourceName);
            var reader = new Utf8JsonReader(SkipBom(json), Options);
            try
            {
                return parser.ReadDocument(ref reader);
            }
            catch (JsonException ex)
            {
                // The reader's own syntax errors already carry a 0-based line and byte position.
                throw parser.Invalid(ex.Message, (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1, ex);
            }
        }

        private static ReadOnlySpan<byte> SkipBom(byte[] json)
        {
            ReadOnlySpan<byte> span = json;
            return span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF ? span.Slice(3) : span;
        }

        private List<CatalogEntryPatch> ReadDocument(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw InvalidAt(ref reader, "the file is empty");
            if (reader.TokenType == JsonTokenType.StartArray) return ReadEntries(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
                throw InvalidAt(ref reader, "expected an object with a \"models\" array, or an array of model entries");

            List<CatalogEntryPatch>? entries = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isModels = reader.ValueTextEquals("models");
                reader.Read();
                if (isModels)
                {
                    if (reader.TokenType != JsonTokenType.StartArray) throw InvalidAt(ref reader, "\"models\" must be an array");
                    entries = ReadEntries(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            return entries ?? throw InvalidAt(ref reader, "no \"models\" array found");
        }

        private List<CatalogEntryPatch> ReadEntries(ref Utf8JsonReader reader)
        {
            var entries = new List<CatalogEntryPatch>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw InvalidAt(ref reader, "each model entry must be an object");
                entries.Add(ReadEntry(ref reader));
            }
            return entries;
        }

        private CatalogEntryPatch ReadEntry(ref Utf8JsonReader reader)
        {
            long entryStart = reader.TokenStartIndex;
            var patch = new CatalogEntryPatch();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                ReadField(ref reader, name, patch);
            }
            if (string.IsNullOrWhiteSpace(patch.Id))
            {
                var (line, column) = LineAndColumn(entryStart);
                throw Invalid("a model entry has no \"id\"", line, column, null);
            }
            return patch;
        }

        private void ReadField(ref Utf8JsonReader reader, string name, CatalogEntryPatch patch)
        {
            switch (name.ToLowerInvariant())
            {
                case "id": patch.Id = RequireString(ref reader, name); break;
                case "provider": { var v = OptionalString(ref reader, name); patch.Set(m => m.Provider = v); break; }
                case "inputpricepermillion": { var v = Price(ref reader, name); patch.Set(m => m.InputPricePerMillion = v); break; }
                case "cachedinputpricepermillion": { var v = Price(ref reader, name); patch.Set(m => m.CachedInputPricePerMillion = v); break; }
                case "outputpricepermillion": { var v = Price(ref reader, name); patch.Set(m => m.OutputPricePerMillion = v); break; }
                case "contextwindow": { var v = TokenLimit(ref reader, name); patch.Set(m => m.ContextWindow = v); break; }
                case "maxoutputtokens": { var v = TokenLimit(ref reader, name); patch.Set(m => m.MaxOutputTokens = v); break; }
                case "inputmodalities": { var v = StringArray(ref reader, name); patch.Set(m => m.InputModalities = v); break; }
                case "supportstools": { var v = Boolean(ref reader, name); patch.Set(m => m.SupportsTools = v); break; }
                case "knowledgecutoff": { var v = OptionalString(ref reader, name); patch.Set(m => m.KnowledgeCutoff = v); break; }
                case "api": { var v = Api(ref reader, name); patch.Set(m => m.Api = v); break; }
                case "reasoningefforts": { var v = Efforts(ref reader, name); patch.Set(m => m.ReasoningEfforts = v); break; }
                case "defaultreasoningeffort": { var v = Effort(ref reader, name); patch.Set(m => m.DefaultReasoningEffort = v); break; }
                case "samplingefforts": { var v = Efforts(ref reader, name); patch.Set(m => m.SamplingEfforts = v); break; }
                case "supportsstop": { var v = OptionalBoolean(ref reader, name); patch.Set(m => m.SupportsStop = v); break; }
                case "regions": { var v = StringArray(ref reader, name); patch.Set(m => m.Regions = v); break; }
                case "tokenizer": { var v = OptionalString(ref reader, name); patch.Set(m => m.Tokenizer = v); break; }
                case "pricetiers": { var v = Tiers(ref reader, name); patch.Set(m => m.PriceTiers = v); break; }
                case "sources": { var v = StringArray(ref reader, name); patch.Set(m => m.Sources = v); break; }
                default: reader.Skip(); break;
            }
        }

        private string RequireString(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType != JsonTokenType.String) throw InvalidAt(ref reader, "\"" + name + "\" must be a string");
            return reader.GetString()!;
        }

        private string? OptionalString(ref Utf8JsonReader reader, string name) =>
            reader.TokenType == JsonTokenType.Null ? null : RequireString(ref reader, name);

        private decimal? Price(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            // GetDecimal parses the literal text, so 0.075 stays exactly 0.075 (no binary floating point on money).
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out decimal value) || value < 0)
                throw InvalidAt(ref reader, "\"" + name + "\" must be a non-negative number (USD per 1M tokens) or null");
            return value;
        }

        private int? TokenLimit(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value) || value <= 0)
                throw InvalidAt(ref reader, "\"" + name + "\" must be a positive whole number or null");
            return value;
        }

        private bool Boolean(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType != JsonTokenType.True && reader.TokenType != JsonTokenType.False)
                throw InvalidAt(ref reader, "\"" + name + "\" must be true or false");
            return reader.GetBoolean();
        }

        private bool? OptionalBoolean(ref Utf8JsonReader reader, string name) =>
            reader.TokenType == JsonTokenType.Null ? (bool?)null : Boolean(ref reader, name);

        /// <summary>null stays null (unknown, not checked); an array lists the accepted efforts, each a known one.</summary>
        private string[]? Efforts(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw InvalidAt(ref reader, "\"" + name + "\" must be an array of reasoning efforts or null");
            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(Effort(ref reader, name)!);
            return items.ToArray();
        }

        private string? Effort(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            string value = RequireString(ref reader, name).ToLowerInvariant();
            if (Array.IndexOf(ReasoningEffortNames.All, value) < 0)
                throw InvalidAt(ref reader, "\"" + name + "\" has '" + value + "'; reasoning efforts are " + string.Join(", ", ReasoningEffortNames.All));
            return value;
        }

        private string Api(ref Utf8JsonReader reader, string name)
        {
            string value = RequireString(ref reader, name).ToLowerInvariant();
            if (value != "chat" && value != "responses") throw InvalidAt(ref reader, "\"api\" must be \"chat\" or \"responses\"");
            return value;
        }

        private string[] StringArray(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType == JsonTokenType.Null) return Array.Empty<string>();
            if (reader.TokenType != JsonTokenType.StartArray) throw InvalidAt(ref reader, "\"" + name + "\" must be an array of strings");
            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(RequireString(ref reader, name));
            return items.ToArray();
        }

        private PriceTier[] Tiers(ref Utf8JsonReader reader, string name)
        {
            if (reader.TokenType == JsonTokenType.Null) return Array.Empty<PriceTier>();
            if (reader.TokenType != JsonTokenType.StartArray) throw InvalidAt(ref reader, "\"" + name + "\" must be an array of tiers");
            var tiers = new List<PriceTier>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw InvalidAt(ref reader, "each price tier must be an object");
                tiers.Add(ReadTier(ref reader));
            }
            tiers.Sort((a, b) => a.AboveInputTokens.CompareTo(b.AboveInputTokens));
            return tiers.ToArray();
        }

        private PriceTier ReadTier(ref Utf8JsonReader reader)
        {
            var tier = new PriceTier();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name.ToLowerInvariant())
                {
                    case "aboveinputtokens": tier.AboveInputTokens = TokenLimit(ref reader, name) ?? 0; break;
                    case "inputpricepermillion": tier.InputPricePerMillion = Price(ref reader, name); break;
                    case "cachedinputpricepermillion": tier.CachedInputPricePerMillion = Price(ref reader, name); break;
                    case "outputpricepermillion": tier.OutputPricePerMillion = Price(ref reader, name); break;
                    default: reader.Skip(); break;
                }
            }
            return tier;
        }

        private VivgridException InvalidAt(ref Utf8JsonReader reader, string problem)
        {
            var (line, column) = LineAndColumn(reader.TokenStartIndex);
            return Invalid(problem, line, column, null);
        }

        private VivgridException Invalid(string problem, long line, long column, Exception? inner) =>
            new VivgridException(VivgridErrorId.CatalogInvalid, VivgridErrorKind.InvalidData,
                "The model catalog '" + _sourceName + "' is invalid at line " + line + ", column " + column + ": " + problem,
                "Fix the JSON file (or clear $env:VIVGRID_CATALOG to use the bundled catalog only).", inner: inner)
            { Target = _sourceName };

        // Utf8JsonReader only knows byte offsets for semantic errors; count lines ourselves (1-based, column in bytes).
        private (long Line, long Column) LineAndColumn(long offset)
        {
            int start = _json.Length >= 3 && _json[0] == 0xEF && _json[1] == 0xBB && _json[2] == 0xBF ? 3 : 0;
            long line = 1, lineStart = start;
            long end = Math.Min(start + offset, _json.Length);
            for (long i = start; i < end; i++)
            {
                if (_json[i] == (byte)'\n') { line++; lineStart = i + 1; }
            }
            return (line, end - lineStart + 1);
        }
    }
}
