using System.IO;
using System.Text.Json;
using Xunit;

namespace VivgridPS.Tests
{
    public sealed class RealDataTests
    {
        [Fact]
        public void HelperFindsRecordingsAndTheirFacts()
        {
            Assert.True(File.Exists(RealData.Path("expected.json")));
            Assert.True(File.Exists(RealData.Path("chat-stream-usage.sse")));
            JsonElement facts = RealData.Expected("chat-stream-usage.sse");
            Assert.Equal("chat-stream", facts.GetProperty("kind").GetString());
            Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => RealData.Expected("no-such-file.sse"));
        }
    }
}
