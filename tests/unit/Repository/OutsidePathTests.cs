using System.IO;
using System.Linq;
using Xunit;

namespace VivgridPS.Tests.Repository
{
    /// <summary>
    /// The repository is self-contained: no build, test or bench file reads a path outside its root, so a fresh clone
    /// with nothing beside it passes its own tests.
    /// </summary>
    public class OutsidePathTests
    {
        [Fact]
        public void No_build_test_or_bench_file_refers_to_a_path_outside_the_repository()
        {
            string root = TestPaths.RepoRoot();
            // The finder and these tests hold the patterns they look for, as samples.
            string here = Path.Combine(root, "tests", "unit", "Repository");
            var files = OutsidePathFinder.FilesToCheck(root).Where(f => Path.GetDirectoryName(f) != here).ToList();
            Assert.True(files.Count > 100, $"only {files.Count} files found under {root}");
            Assert.Contains(files, f => f.EndsWith("build.ps1"));

            var offences = files
                .SelectMany(f => OutsidePathFinder.Find(File.ReadAllText(f), Path.GetDirectoryName(Path.GetRelativePath(root, f)) ?? "")
                    .Select(o => Path.GetRelativePath(root, f) + " " + o))
                .ToList();
            Assert.True(offences.Count == 0, string.Join("\n", offences));
        }

        [Fact]
        public void The_recorded_traffic_is_in_the_repository()
        {
            string realdata = Path.Combine(TestPaths.RepoRoot(), "tests", "fixtures", "realdata");
            Assert.Equal(realdata, RealData.Directory);
            Assert.True(File.Exists(Path.Combine(realdata, "expected.json")));
            Assert.True(File.Exists(Path.Combine(realdata, "SOURCES.md")));
        }

        // The finder itself: what the old tests did must be caught, what stays inside must not. (Samples naming the
        // old outside folder are split in two, so no file here spells that path out.)
        [Theory]
        [InlineData("string c = Path.Combine(root, \"..\", \"shared\", \"realdata\");", "tests/unit")]
        [InlineData("$p = Join-Path $root '..' | Join-Path -ChildPath data", "tests/module")]
        [InlineData("Get-Content '../../../other/x.txt'", "tests/module")]
        [InlineData("<None Include=\"..\\..\\..\\elsewhere\\a.sse\" />", "tests/unit")]
        [InlineData("var spec = \"/work/" + "shared/SPEC.md\";", "bench")]
        [InlineData("read from ../" + "shared/realdata", "")]
        public void Finds_a_path_outside_the_root(string text, string folder)
        {
            Assert.NotEmpty(OutsidePathFinder.Find(text, folder));
        }

        [Theory]
        [InlineData("Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')", "tests/module")]
        [InlineData("<ProjectReference Include=\"..\\..\\src\\VivgridPS.Core\\VivgridPS.Core.csproj\" />", "tests/unit")]
        [InlineData("vs `dotnet bench/RawClient/.../RawClient.dll first <uri>`", "bench")]
        [InlineData("string f = Path.Combine(root, \"tests\", \"fixtures\", \"realdata\");", "tests/unit")]
        public void Leaves_paths_inside_the_root_alone(string text, string folder)
        {
            Assert.Empty(OutsidePathFinder.Find(text, folder));
        }
    }
}
