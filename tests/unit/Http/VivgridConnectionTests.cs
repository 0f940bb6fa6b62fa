using System;
using System.Collections.Generic;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using Xunit;

namespace VivgridPS.Tests.Http
{
    public sealed class VivgridConnectionTests
    {
        private static Func<string, string?> Env(params (string Name, string? Value)[] values)
        {
            var map = new Dictionary<string, string?>();
            foreach (var (name, value) in values) map[name] = value;
            return name => map.TryGetValue(name, out var v) ? v : null;
        }

        [Fact]
        public void Parameters_win_over_the_environment_which_wins_over_the_public_endpoint()
        {
            var env = Env(("VIVGRID_BASE_URL", "http://127.0.0.1:9/v1"), ("VIVGRID_API_KEY", "env-key-123"));
            var explicitOne = VivgridConnection.FromEnvironment(new Uri("https://gw.example/v1"), "param-key-123", false, env);
            Assert.Equal("https://gw.example/v1/", explicitOne.BaseUri.AbsoluteUri);
            Assert.Equal("param-key-123", explicitOne.ApiKey);
            var fromEnv = VivgridConnection.FromEnvironment(null, null, false, env);
            Assert.Equal("http://127.0.0.1:9/v1/models", fromEnv.Resolve("models").AbsoluteUri);
            Assert.Equal("env-key-123", fromEnv.ApiKey);
            var defaults = VivgridConnection.FromEnvironment(null, "  ", false, Env());
            Assert.Equal("https://api.vivgrid.com/v1/chat/completions", defaults.Resolve("chat/completions").AbsoluteUri);
            Assert.Null(defaults.ApiKey);
        }

        [Fact]
        public void A_malformed_base_url_in_the_environment_is_an_error_naming_the_fix()
        {
            var e = Assert.Throws<VivgridException>(() => VivgridConnection.FromEnvironment(null, "k", false, Env(("VIVGRID_BASE_URL", "api.vivgrid.com/v1"))));
            Assert.Equal(VivgridErrorId.InvalidArgument, e.ErrorId);
            Assert.Contains("VIVGRID_BASE_URL", e.Message);
            Assert.Contains("https://", e.RecommendedAction);
        }

        [Theory]
        [InlineData("http://127.0.0.1:8080/v1", false, true)]
        [InlineData("http://[::1]:8080/v1", false, true)]
        [InlineData("http://localhost/v1", false, true)]
        [InlineData("http://gateway.internal/v1", false, false)]
        [InlineData("http://gateway.internal/v1", true, true)]
        [InlineData("https://gateway.internal/v1", false, true)]
        public void The_key_goes_over_plain_http_only_to_loopback_or_with_the_override(string uri, bool allow, bool usable)
        {
            var connection = new VivgridConnection(new Uri(uri), "secret-key-123", allow);
            if (usable)
            {
                connection.EnsureUsable();
                return;
            }
            var e = Assert.Throws<VivgridException>(connection.EnsureUsable);
            Assert.Equal(VivgridErrorId.UnencryptedAuthentication, e.ErrorId);
            Assert.DoesNotContain("secret-key-123", e.Message);
        }
    }
}
