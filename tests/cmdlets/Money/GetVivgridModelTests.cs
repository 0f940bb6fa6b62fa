using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using VivgridEmulator;
using VivgridPS.Core.Models;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Money
{
    [Collection(MoneyRunspaceCollection.Name)]
    public sealed class GetVivgridModelTests
    {
        private readonly RunspaceFixture _ps;

        public GetVivgridModelTests(RunspaceFixture ps) => _ps = ps;

        [Fact]
        public void Offline_returns_the_whole_catalog_with_unknown_availability()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null));
            var r = _ps.Run("Get-VivgridModel -Offline");
            var models = r.Objects<ModelInfo>();
            Assert.Empty(r.Errors);
            Assert.Equal(13, models.Count);
            Assert.All(models, m => Assert.Null(m.Available));
            Assert.Contains(models, m => m.Id == "gpt-5.4-mini" && m.InputPricePerMillion == 0.75m);
        }

        [Fact]
        public void Wildcards_and_several_names_match_case_insensitively_without_duplicates()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null));
            var r = _ps.Run("Get-VivgridModel 'GPT-5.4*', 'gpt-5.4-mini', '*codex' -Offline");
            Assert.Empty(r.Errors);
            Assert.Equal(new[] { "gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano", "gpt-5.1-codex", "gpt-5.2-codex" },
                r.Objects<ModelInfo>().Select(m => m.Id));
            Assert.Empty(_ps.Run("Get-VivgridModel 'nothing*' -Offline").Output);
        }

        [Fact]
        public void Unknown_name_is_a_non_terminating_ModelNotFound_with_the_closest_ids()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null));
            var r = _ps.Run("Get-VivgridModel gpt-5.4-mimi, gpt-5 -Offline");
            Assert.Equal("gpt-5", Assert.Single(r.Objects<ModelInfo>()).Id);
            var error = Assert.Single(r.Errors);
            Assert.Equal("ModelNotFound,VivgridPS.Commands.GetVivgridModelCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("Closest: gpt-5.4-mini", error.Exception.Message);
            Assert.Equal("gpt-5.4-mimi", error.TargetObject);
            Assert.NotNull(error.ErrorDetails?.RecommendedAction);
        }

        [Fact]
        public void Names_and_model_objects_bind_from_the_pipeline()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null));
            Assert.Equal(new[] { "gpt-5", "gpt-5.1" },
                _ps.Run("'gpt-5', 'gpt-5.1' | Get-VivgridModel -Offline").Objects<ModelInfo>().Select(m => m.Id));
            Assert.Equal(new[] { "gpt-5.4-nano" },
                _ps.Run("Get-VivgridModel gpt-5.4-nano -Offline | Get-VivgridModel -Offline").Objects<ModelInfo>().Select(m => m.Id));
            Assert.Equal(new[] { "deepseek-v3.2" },
                _ps.Run("[pscustomobject]@{ Id = 'deepseek-v3.2' } | Get-VivgridModel -Offline").Objects<ModelInfo>().Select(m => m.Id));
        }

        [Fact]
        public void Emitted_objects_are_copies()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null));
            var r = _ps.Run("$m = Get-VivgridModel gpt-5 -Offline; $m.InputPricePerMillion = 0; (Get-VivgridModel gpt-5 -Offline).InputPricePerMillion");
            Assert.Equal(1.25m, Assert.Single(r.Output).BaseObject);
        }

        [Fact]
        public void User_catalog_from_the_environment_adds_and_overrides()
        {
            string path = Path.Combine(Path.GetTempPath(), "vivgrid-cmdlet-catalog-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, @"{""models"":[{""id"":""gpt-5"",""inputPricePerMillion"":1.1},{""id"":""team-model"",""provider"":""Team"",""outputPricePerMillion"":3}]}");
            try
            {
                using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", path));
                var r = _ps.Run("Get-VivgridModel gpt-5, team-model -Offline");
                Assert.Empty(r.Errors);
                var models = r.Objects<ModelInfo>();
                Assert.Equal(1.1m, models[0].InputPricePerMillion);
                Assert.Equal(10.00m, models[0].OutputPricePerMillion);
                Assert.Equal("Team", models[1].Provider);
                Assert.Equal("user", models[1].Origin);
                Assert.Equal(14, _ps.Run("Get-VivgridModel -Offline").Output.Count);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Invalid_user_catalog_is_a_terminating_CatalogInvalid_error()
        {
            string path = Path.Combine(Path.GetTempPath(), "vivgrid-cmdlet-bad-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, "{ \"models\": [ { \"id\": 5 } ] }");
            try
            {
                using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", path));
                var r = _ps.Run("try { Get-VivgridModel -Offline; 'not reached' } catch { $_ }");
                var error = Assert.IsType<ErrorRecord>(Assert.Single(r.Output).BaseObject);
                Assert.Equal("CatalogInvalid,VivgridPS.Commands.GetVivgridModelCommand", error.FullyQualifiedErrorId);
                Assert.Contains(path, error.Exception.Message);
                Assert.Contains("line 1, column", error.Exception.Message);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Without_a_key_the_live_list_is_not_asked()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null), ("VIVGRID_API_KEY", null));
            var r = _ps.Run("Get-VivgridModel -Verbose");
            Assert.Equal(13, r.Output.Count);
            Assert.Empty(r.Warnings);
            Assert.Contains(r.Verbose, v => v.Contains("No API key"));
        }

        [Fact]
        public void Failing_live_list_is_a_warning_without_the_key_and_the_catalog_still_comes_back()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null));
            const string key = "sk-cmdlet-secret-987";
            var r = _ps.Run("Get-VivgridModel -ApiKey (ConvertTo-SecureString '" + key + "' -AsPlainText -Force) -BaseUri 'http://127.0.0.1:1/v1' -Refresh");
            Assert.Equal(13, r.Objects<ModelInfo>().Count);
            Assert.All(r.Objects<ModelInfo>(), m => Assert.Null(m.Available));
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("live model list", warning);
            Assert.DoesNotContain(key, warning);
            Assert.Empty(r.Errors);
        }

        [Fact]
        public async Task Live_list_marks_availability_and_adds_live_only_models()
        {
            using var env = RunspaceFixture.Env(("VIVGRID_CATALOG", null), ("VIVGRID_API_KEY", "k-live"));
            int port = LoopbackPort.Unused();
            using var listener = new HttpListener();
            listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
            listener.Start();
            var serve = Task.Run(async () =>
            {
                var ctx = await listener.GetContextAsync();
                bool ok = ctx.Request.Headers["Authorization"] == "Bearer k-live" && ctx.Request.Url!.AbsolutePath == "/v1/models";
                byte[] body = Encoding.UTF8.GetBytes(@"{""object"":""list"",""data"":[{""id"":""gpt-5.4-mini""},{""id"":""gpt-4o""}]}");
                ctx.Response.StatusCode = ok ? 200 : 401;
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            });
            var r = _ps.Run("Get-VivgridModel -BaseUri 'http://127.0.0.1:" + port + "/v1' -Refresh");
            await serve;
            Assert.Empty(r.Warnings);
            var models = r.Objects<ModelInfo>();
            Assert.Equal(14, models.Count);
            Assert.True(models.Single(m => m.Id == "gpt-5.4-mini").Available);
            Assert.False(models.Single(m => m.Id == "gpt-5.4").Available);
            Assert.Equal("live", models.Single(m => m.Id == "gpt-4o").Origin);

            // Cached per base URI: a second call needs no server.
            var again = _ps.Run("Get-VivgridModel gpt-4o -BaseUri 'http://127.0.0.1:" + port + "/v1'");
            Assert.Equal("gpt-4o", Assert.Single(again.Objects<ModelInfo>()).Id);
            Assert.Empty(again.Warnings);
        }

        [Fact]
        public void Model_completer_offers_catalog_ids_by_prefix()
        {
            var r = _ps.Run("(TabExpansion2 -inputScript 'Measure-VivgridCost -Model GPT-5.4-n').CompletionMatches.CompletionText");
            Assert.Equal(new object[] { "gpt-5.4-nano" }, r.Output.Select(o => o.BaseObject));
            var all = _ps.Run("(TabExpansion2 -inputScript 'Get-VivgridModel gemini').CompletionMatches.CompletionText");
            Assert.Equal(new object[] { "gemini-3.1-flash-lite-preview", "gemini-3.1-pro-preview" }, all.Output.Select(o => o.BaseObject));
            var wild = new VivgridPS.Completers.ModelCompleter().CompleteArgument("Measure-VivgridCost", "Model", "*codex-m", null!, null!).ToList();
            Assert.Equal("gpt-5.1-codex-max", Assert.Single(wild).CompletionText);
        }
    }
}
