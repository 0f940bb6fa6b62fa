using System.Collections.Generic;
using VivgridPS.Core.Models;
using Xunit;

namespace VivgridPS.Tests.Models;

public sealed class ModelChoiceTests
{
    [Theory]
    [InlineData("gpt-5.4-mini", "deepseek-v3.2", "gpt-5.4-mini")]
    [InlineData(null, " deepseek-v3.2 ", "deepseek-v3.2")]
    [InlineData("  ", "deepseek-v3.2", "deepseek-v3.2")]
    [InlineData(null, null, null)]
    [InlineData(null, "   ", null)]
    [InlineData("managed", "deepseek-v3.2", null)]
    [InlineData(null, "Managed", null)]
    public void Parameter_first_then_environment_and_managed_means_the_service_default(string? requested, string? environment, string? expected)
    {
        var variables = new Dictionary<string, string?> { [ModelChoice.EnvironmentVariable] = environment };
        Assert.Equal(expected, ModelChoice.Resolve(requested, name => variables.TryGetValue(name, out var v) ? v : null));
    }
}
