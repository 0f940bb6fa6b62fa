using System.Text.RegularExpressions;
using VivgridPS.Core.Text;
using CsCheck;
using VivgridPS.Core.Models;
using Xunit;

namespace VivgridPS.Tests.Models
{
    public sealed class WildcardMatcherTests
    {
        [Theory]
        [InlineData("*", "", true)]
        [InlineData("", "", true)]
        [InlineData("", "a", false)]
        [InlineData("a*b", "aXXb", true)]
        [InlineData("a*b", "aXXbc", false)]
        [InlineData("*.?", "gpt-5.4", true)]
        [InlineData("GPT*", "gpt-5", true)]
        [InlineData("a**b", "ab", true)]
        public void Matches_like_PowerShell(string pattern, string text, bool expected) =>
            Assert.Equal(expected, WildcardMatcher.IsMatch(pattern, text));

        [Fact]
        public void Agrees_with_an_equivalent_regex()
        {
            var chars = Gen.Char["ab*?.-"];
            Gen.Select(chars.Array[0, 6], Gen.Char["ab.-"].Array[0, 8]).Sample((p, t) =>
            {
                string pattern = new string(p), text = new string(t);
                string regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
                return WildcardMatcher.IsMatch(pattern, text) == Regex.IsMatch(text, regex, RegexOptions.IgnoreCase | RegexOptions.Singleline);
            });
        }
    }
}
