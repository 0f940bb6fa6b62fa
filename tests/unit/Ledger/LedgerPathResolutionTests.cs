using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using VivgridPS.Core.Ledger;
using Xunit;

namespace VivgridPS.Tests.Ledger
{
    public sealed class LedgerPathResolutionTests
    {
        private static Func<string, string?> Env(params (string Name, string? Value)[] vars)
        {
            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (name, value) in vars) map[name] = value;
            return name => map.TryGetValue(name, out string? v) ? v : null;
        }

        [Theory]
        [InlineData("off")]
        [InlineData("OFF")]
        [InlineData("Off")]
        [InlineData(" off ")]
        [InlineData("0")]
        [InlineData("false")]
        [InlineData("False")]
        [InlineData("none")]
        [InlineData("NONE")]
        public void OffValuesDisableTheLedgerOnEveryPlatform(string value)
        {
            var env = Env(("VIVGRID_USAGE_LOG", value), ("HOME", "/home/u"), ("LOCALAPPDATA", @"C:\Users\u\AppData\Local"));
            Assert.Null(UsageLedger.ResolvePath(env, windows: false));
            Assert.Null(UsageLedger.ResolvePath(env, windows: true));
        }

        [Theory]
        [InlineData("offline.jsonl")]
        [InlineData("1")]
        [InlineData("no")]
        public void ValuesThatOnlyLookLikeOffAreTreatedAsPaths(string value)
        {
            string? path = UsageLedger.ResolvePath(Env(("VIVGRID_USAGE_LOG", value)), windows: false);
            Assert.Equal(Path.GetFullPath(value), path);
        }

        [Fact]
        public void CustomPathMovesTheLedger()
        {
            string custom = Path.Combine(Path.GetTempPath(), "team", "ledger.jsonl");
            var env = Env(("VIVGRID_USAGE_LOG", custom), ("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/u"));
            Assert.Equal(custom, UsageLedger.ResolvePath(env, windows: false));
            Assert.Equal(custom, UsageLedger.ResolvePath(env, windows: true));
        }

        [Fact]
        public void CustomPathNamingAFolderGetsTheDefaultFileName()
        {
            using var files = new LedgerTestFiles();
            Assert.Equal(files.LedgerPath, UsageLedger.ResolvePath(Env(("VIVGRID_USAGE_LOG", files.Folder)), windows: false));
            string trailing = Path.Combine(files.Folder, "not-yet") + Path.DirectorySeparatorChar;
            Assert.Equal(Path.Combine(files.Folder, "not-yet", "usage.jsonl"), UsageLedger.ResolvePath(Env(("VIVGRID_USAGE_LOG", trailing)), windows: false));
        }

        [Fact]
        public void XdgDataHomeIsUsedWhenAbsolute()
        {
            var env = Env(("XDG_DATA_HOME", "/data/xdg"), ("HOME", "/home/u"));
            Assert.Equal(Path.Combine("/data/xdg", "vivgridps", "usage.jsonl"), UsageLedger.ResolvePath(env, windows: false));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("relative/xdg")]
        public void WithoutUsableXdgDataHomeFallsBackToLocalShare(string? xdg)
        {
            var env = Env(("XDG_DATA_HOME", xdg), ("HOME", "/home/u"));
            Assert.Equal(Path.Combine("/home/u", ".local", "share", "vivgridps", "usage.jsonl"), UsageLedger.ResolvePath(env, windows: false));
        }

        [Fact]
        public void EmptyVariableMeansDefault()
        {
            var env = Env(("VIVGRID_USAGE_LOG", "  "), ("XDG_DATA_HOME", "/xdg"));
            Assert.Equal(Path.Combine("/xdg", "vivgridps", "usage.jsonl"), UsageLedger.ResolvePath(env, windows: false));
        }

        [Fact]
        public void WindowsUsesLocalAppData()
        {
            const string local = @"C:\Users\u\AppData\Local";
            var env = Env(("LOCALAPPDATA", local), ("XDG_DATA_HOME", "/xdg"));
            Assert.Equal(Path.Combine(local, "VivgridPS", "usage.jsonl"), UsageLedger.ResolvePath(env, windows: true));
        }

        [Fact]
        public void DictionaryOverloadReadsTheSameVariables()
        {
            IDictionary env = new Hashtable { ["VIVGRID_USAGE_LOG"] = "Off" };
            Assert.Null(UsageLedger.ResolvePath(env));

            string custom = Path.Combine(Path.GetTempPath(), "x.jsonl");
            env = new Hashtable { ["VIVGRID_USAGE_LOG"] = custom };
            Assert.Equal(custom, UsageLedger.ResolvePath(env));
        }

        [Fact]
        public void FromEnvironmentUsesTheProcessEnvironment()
        {
            // Read-only on the real environment: other tests in this process must not see it change.
            UsageLedger ledger = UsageLedger.FromEnvironment();
            string? expected = UsageLedger.ResolvePath(Environment.GetEnvironmentVariable);
            Assert.Equal(expected, ledger.Path);
            Assert.Equal(expected is not null, ledger.IsEnabled);
        }

        [Fact]
        public void DisabledLedgerIgnoresAppendsAndReadsNothing()
        {
            var ledger = new UsageLedger(null);
            Assert.False(ledger.IsEnabled);
            ledger.Append(LedgerTestFiles.Sample("x"));
            Assert.Empty(ledger.Read());
        }
    }
}
