using System;
using System.IO;
using System.Reflection;
using VivgridPS.Desktop;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Desktop;

/// <summary>
/// The Windows PowerShell 5.1 resolver's decisions, on real files: a signed assembly (the o200k vocabulary, Microsoft's
/// key, 1.0.0.0) and an unsigned one (VivgridPS.Core 0.1.0.0) copied into a folder of their own.
/// </summary>
public sealed class ModuleAssemblyResolverTests : IDisposable
{
    private const string Vocabulary = "Microsoft.ML.Tokenizers.Data.O200kBase";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vivgrid-resolver-" + Guid.NewGuid().ToString("N"));
    private readonly ModuleAssemblyResolver _resolver;
    private readonly AssemblyName _vocabulary;

    public ModuleAssemblyResolverTests()
    {
        Directory.CreateDirectory(_folder);
        foreach (string name in new[] { Vocabulary, "VivgridPS.Core" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, name + ".dll"), Path.Combine(_folder, name + ".dll"));
        }

        _vocabulary = AssemblyName.GetAssemblyName(Path.Combine(_folder, Vocabulary + ".dll"));
        _resolver = new ModuleAssemblyResolver(_folder, new[] { Vocabulary, "VivgridPS.Core", "System.Memory" });
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string? Choose(string fullName) => _resolver.Choose(new AssemblyName(fullName));

    private string Token => BitConverter.ToString(_vocabulary.GetPublicKeyToken()!).Replace("-", string.Empty).ToLowerInvariant();

    [Fact]
    public void The_copy_in_the_module_folder_answers_its_own_version()
    {
        Assert.Equal(new Version(1, 0, 0, 0), _vocabulary.Version);
        Assert.Equal(Path.Combine(_folder, Vocabulary + ".dll"), Choose($"{Vocabulary}, Version=1.0.0.0, Culture=neutral, PublicKeyToken={Token}"));
    }

    [Fact]
    public void A_lower_requested_version_is_answered_with_the_shipped_higher_one() =>
        Assert.NotNull(Choose($"{Vocabulary}, Version=0.9.0.0, Culture=neutral, PublicKeyToken={Token}"));

    [Fact]
    public void A_higher_requested_version_is_never_answered_with_the_lower_copy() =>
        Assert.Null(Choose($"{Vocabulary}, Version=1.0.0.1, Culture=neutral, PublicKeyToken={Token}"));

    [Fact]
    public void Another_signature_under_the_same_name_is_not_answered() =>
        Assert.Null(Choose($"{Vocabulary}, Version=1.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef"));

    [Fact]
    public void A_partial_name_gets_the_shipped_copy() =>
        Assert.Equal(Path.Combine(_folder, Vocabulary + ".dll"), Choose(Vocabulary));

    [Fact]
    public void An_unsigned_shipped_assembly_is_answered_by_version()
    {
        Assert.NotNull(Choose("VivgridPS.Core, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null"));
        Assert.Null(Choose("VivgridPS.Core, Version=0.2.0.0, Culture=neutral, PublicKeyToken=null"));
    }

    [Fact]
    public void Names_the_module_does_not_ship_are_left_to_others() =>
        Assert.Null(Choose("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"));

    [Fact]
    public void A_shipped_name_missing_from_the_folder_is_not_answered_from_anywhere_else() =>
        // System.Memory is on the list but not in this folder; the runtime has its own copy elsewhere, which must not be used.
        Assert.Null(Choose("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
}
