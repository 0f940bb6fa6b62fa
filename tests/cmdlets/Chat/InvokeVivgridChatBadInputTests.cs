using System.Linq;
using System.Text.Json;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Chat
{
    /// <summary>Bad input is refused before anything is sent, with an error that says what to change.</summary>
    [Collection("Chat runspace")]
    public sealed class InvokeVivgridChatBadInputTests
    {
        private readonly ChatRunspace _rs;

        public InvokeVivgridChatBadInputTests(ChatRunspace rs) => _rs = rs;

        private string Refused(string script, string errorId)
        {
            _rs.Emulator.State.Reset();
            var (_, shell) = _rs.Run(script);
            var error = Assert.Single(shell.Streams.Error);
            Assert.Equal(errorId + ",VivgridPS.Commands.InvokeVivgridChatCommand", error.FullyQualifiedErrorId);
            Assert.Empty(_rs.Emulator.State.Requests);
            return error.Exception.Message;
        }

        [Theory]
        [InlineData("@{role='user';content=@{a=1}}", "Hashtable, which is neither a string nor a list of content parts")]
        [InlineData("@{role='user'}", "entry 1 (user) has no content")]
        [InlineData("@{role='user';content=$null}", "has content $null")]
        [InlineData("@{role='user';content=@()}", "empty list of content parts")]
        [InlineData("@{role='user';content=@(@{type='audio';data='x'})}", "content part 1 is not a text part")]
        [InlineData("[pscustomobject]@{Role='user';Content=42}", "of type Int32")]
        public void Message_content_that_is_neither_text_nor_parts_is_InvalidRequest(string message, string expected)
        {
            var text = Refused("Invoke-VivgridChat -Messages @(" + message + ")", "InvalidRequest");
            Assert.Contains(expected, text);
        }

        [Fact]
        public void Text_parts_are_sent_as_the_message_text()
        {
            _rs.Emulator.State.Reset();
            var (output, shell) = _rs.Run("Invoke-VivgridChat -Messages @(@{role='user';content=@(@{type='text';text='Hello'},@{type='text';text='there'})})");
            Assert.Empty(shell.Streams.Error);
            Assert.Single(output);
            var body = JsonDocument.Parse(_rs.Emulator.State.Requests.Last().Body).RootElement;
            var content = body.GetProperty("messages")[0].GetProperty("content");
            Assert.Equal("Hello\nthere", content.ValueKind == JsonValueKind.String ? content.GetString() : content[0].GetProperty("text").GetString());
        }

        [Fact]
        public void A_schema_with_an_unknown_type_or_non_object_properties_is_InvalidJsonSchema()
        {
            var text = Refused("Invoke-VivgridChat 'x' -JsonSchema @{type='bogus';properties=5}", "InvalidJsonSchema");
            Assert.Contains("'bogus' is not a JSON Schema type", text);
            text = Refused("Invoke-VivgridChat 'x' -JsonSchema @{type='object';properties=5}", "InvalidJsonSchema");
            Assert.Contains("$.properties must be an object", text);
        }

        [Theory]
        [InlineData("$lines | Invoke-VivgridChat 'Summarize'")]
        [InlineData("Invoke-VivgridChat -Prompt ($lines -join \"`n\")")]
        [InlineData("Invoke-VivgridChat -Messages @(@{role='user';content=($lines -join \"`n\")})")]
        [InlineData("[pscustomobject]@{ Text = $lines -join '' } | Invoke-VivgridChat 'Summarize'")]
        public void The_input_size_limit_holds_for_every_way_text_gets_in(string call)
        {
            // 65 lines of 1 MiB: 65 MiB of text, just past the 64 MiB limit that piped files already had.
            var text = Refused("$lines = @(1..65 | ForEach-Object { 'x' * 1MB }); " + call, "InvalidRequest");
            Assert.Contains("67,108,864-byte limit", text);
        }
    }
}
