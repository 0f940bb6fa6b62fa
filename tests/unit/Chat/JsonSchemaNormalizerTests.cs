using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using Xunit;

namespace VivgridPS.Tests.Chat;

public sealed class JsonSchemaNormalizerTests
{
    [Fact]
    public void Adds_additionalProperties_false_and_required_recursively()
    {
        var (name, schema) = JsonSchemaNormalizer.Normalize(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"number\"}}}," +
            "\"list\":{\"type\":\"array\",\"items\":{\"properties\":{\"d\":{\"type\":\"boolean\"}}}}}}");
        Assert.Equal("result", name);
        Assert.Equal(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"number\"}}," +
            "\"additionalProperties\":false,\"required\":[\"c\"]},\"list\":{\"type\":\"array\",\"items\":{\"properties\":{\"d\":{\"type\":\"boolean\"}}," +
            "\"additionalProperties\":false,\"required\":[\"d\"],\"type\":\"object\"}}},\"additionalProperties\":false,\"required\":[\"a\",\"b\",\"list\"]}",
            schema);
    }

    [Fact]
    public void Keeps_what_the_user_set_that_strict_output_allows()
    {
        var (_, schema) = JsonSchemaNormalizer.Normalize("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"description\":\"x\"}},\"required\":[\"a\"],\"additionalProperties\":false}");
        Assert.Equal("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"description\":\"x\"}},\"required\":[\"a\"],\"additionalProperties\":false}", schema);
    }

    [Fact]
    public void A_property_named_properties_or_items_is_a_property_not_a_keyword()
    {
        var (_, schema) = JsonSchemaNormalizer.Normalize(
            "{\"type\":\"object\",\"properties\":{\"properties\":{\"type\":\"string\"},\"items\":{\"type\":\"integer\"},\"required\":{\"type\":\"boolean\"}}}");
        Assert.Equal(
            "{\"type\":\"object\",\"properties\":{\"properties\":{\"type\":\"string\"},\"items\":{\"type\":\"integer\"},\"required\":{\"type\":\"boolean\"}}," +
            "\"additionalProperties\":false,\"required\":[\"properties\",\"items\",\"required\"]}",
            schema);
    }

    [Fact]
    public void Properties_left_out_of_required_become_required_and_nullable()
    {
        var (_, schema) = JsonSchemaNormalizer.Normalize(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\",\"enum\":[\"x\",\"y\"]}," +
            "\"c\":{\"type\":[\"integer\",\"string\"]},\"d\":{\"$ref\":\"#/$defs/D\"},\"e\":{\"type\":\"null\"}},\"required\":[\"a\"]," +
            "\"$defs\":{\"D\":{\"type\":\"object\",\"properties\":{\"z\":{\"type\":\"number\"}}}}}");
        Assert.Equal(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":[\"string\",\"null\"],\"enum\":[\"x\",\"y\",null]}," +
            "\"c\":{\"type\":[\"integer\",\"string\",\"null\"]},\"d\":{\"anyOf\":[{\"$ref\":\"#/$defs/D\"},{\"type\":\"null\"}]},\"e\":{\"type\":\"null\"}}," +
            "\"required\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"$defs\":{\"D\":{\"type\":\"object\",\"properties\":{\"z\":{\"type\":\"number\"}}," +
            "\"additionalProperties\":false,\"required\":[\"z\"]}},\"additionalProperties\":false}",
            schema);
    }

    [Fact]
    public void Walks_anyOf_oneOf_allOf_and_tuple_items()
    {
        var (_, schema) = JsonSchemaNormalizer.Normalize(
            "{\"type\":\"object\",\"properties\":{\"u\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\"}}},{\"type\":\"string\"}]}," +
            "\"o\":{\"oneOf\":[{\"properties\":{\"q\":{\"type\":\"string\"}}}]},\"l\":{\"allOf\":[{\"properties\":{\"r\":{\"type\":\"string\"}}}]}," +
            "\"t\":{\"type\":\"array\",\"items\":[{\"properties\":{\"s\":{\"type\":\"string\"}}}]}}}");
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(schema)!;
        foreach (var path in new[] { parsed["properties"]!["u"]!["anyOf"]![0]!, parsed["properties"]!["o"]!["oneOf"]![0]!,
                     parsed["properties"]!["l"]!["allOf"]![0]!, parsed["properties"]!["t"]!["items"]![0]! })
        {
            Assert.False(path["additionalProperties"]!.GetValue<bool>());
            Assert.Single(path["required"]!.AsArray());
        }
    }

    [Theory]
    [InlineData("{\"type\":\"bogus\",\"properties\":5}", "$.type 'bogus'")]
    [InlineData("{\"type\":\"object\",\"properties\":5}", "$.properties must be an object")]
    [InlineData("{\"type\":\"object\",\"properties\":[]}", "$.properties must be an object")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strin\"}}}", "$.properties.a.type 'strin'")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":\"string\"}}", "$.properties.a is not a schema object")]
    [InlineData("{\"type\":[\"string\",5]}", "$.type lists 5")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"nope\"}}}}", "$.properties.a.items.type 'nope'")]
    [InlineData("{\"anyOf\":{\"type\":\"string\"}}", "$.anyOf must be an array")]
    [InlineData("{\"type\":\"object\",\"properties\":{},\"required\":\"a\"}", "$.required must be an array")]
    public void Schemas_strict_output_would_reject_are_refused_naming_the_place(string json, string expected)
    {
        var e = Assert.Throws<VivgridException>(() => JsonSchemaNormalizer.Normalize(json));
        Assert.Equal(VivgridErrorId.InvalidJsonSchema, e.ErrorId);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Unwraps_name_and_schema()
    {
        var (name, schema) = JsonSchemaNormalizer.Normalize("{\"name\":\"person\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\"}}}}");
        Assert.Equal("person", name);
        Assert.Equal("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\"}},\"additionalProperties\":false,\"required\":[\"n\"]}", schema);
    }

    [Theory]
    [InlineData("{\"type\":")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"name\":42,\"schema\":{\"type\":\"object\"}}")]
    public void Invalid_or_non_object_is_InvalidJsonSchema(string json)
    {
        var e = Assert.Throws<VivgridException>(() => JsonSchemaNormalizer.Normalize(json));
        Assert.Equal(VivgridErrorId.InvalidJsonSchema, e.ErrorId);
    }
}
