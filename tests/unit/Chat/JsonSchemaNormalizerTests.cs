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
    public void Keeps_what_the_user_set()
    {
        var (_, schema) = JsonSchemaNormalizer.Normalize("{\"type\":\"object\",\"properties\":{\"a\":{}},\"required\":[],\"additionalProperties\":true}");
        Assert.Equal("{\"type\":\"object\",\"properties\":{\"a\":{}},\"required\":[],\"additionalProperties\":true}", schema);
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
