using VivgridPS.Core.Models;
using Xunit;

namespace VivgridPS.Tests.Models;

/// <summary>Tests look entries up by id and fail plainly when one is missing (the module itself uses TryGet).</summary>
internal static class CatalogLookup
{
    public static VivgridPS.ModelInfo Get(this ModelCatalog catalog, string id)
    {
        Assert.True(catalog.TryGet(id, out var model), $"'{id}' is not in the catalog");
        return model;
    }
}
