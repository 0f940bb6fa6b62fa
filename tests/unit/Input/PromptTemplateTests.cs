using System;
using System.Collections.Generic;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Input;
using Xunit;

namespace VivgridPS.Tests.Input;

public sealed class PromptTemplateTests
{
    private static readonly Dictionary<string, string?> Person = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Name"] = "Ada", ["City"] = "London", ["Empty"] = null,
    };

    private static string Fill(PromptTemplate t) =>
        t.Fill((string n, out string? v) => Person.TryGetValue(n, out v), () => Person.Keys);

    [Fact]
    public void No_placeholder_is_no_template()
    {
        Assert.Null(PromptTemplate.TryParse("plain text { not } {single}"));
        Assert.Null(PromptTemplate.TryParse(null));
        Assert.Null(PromptTemplate.TryParse(""));
    }

    [Fact]
    public void Fills_placeholders_repeated_names_and_whitespace_inside_braces()
    {
        var t = PromptTemplate.TryParse("Hi {{Name}} from {{ City }}; again {{Name}}, {{  name  }}! [{{Empty}}]")!;
        Assert.Equal(new[] { "Name", "City", "name", "Empty" }, t.Names);
        Assert.Equal("Hi Ada from London; again Ada, Ada! []", Fill(t));
    }

    [Fact]
    public void Missing_property_lists_the_missing_and_the_available_names()
    {
        var t = PromptTemplate.TryParse("{{Name}} {{Age}} {{Job}}")!;
        var e = Assert.Throws<VivgridException>(() => Fill(t));
        Assert.Equal(VivgridErrorId.InvalidArgument, e.ErrorId);
        Assert.Contains("Age, Job", e.Message);
        Assert.Contains("Name, City, Empty", e.RecommendedAction);
    }

    [Fact]
    public void Values_are_not_re_expanded()
    {
        var t = PromptTemplate.TryParse("{{A}}")!;
        var filled = t.Fill((string n, out string? v) => { v = "{{B}}"; return n == "A"; }, () => new[] { "A" });
        Assert.Equal("{{B}}", filled);
    }
}
