using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using VivgridPS.Tools;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Tools
{
    public sealed class ToolResultSerializerTests
    {
        [Fact]
        public void One_object_is_itself_and_several_are_an_array()
        {
            var one = PSObject.AsPSObject(new { Name = "a", Count = 2 });
            Assert.Equal("{\"Name\":\"a\",\"Count\":2}", ToolResultSerializer.Serialize(new object?[] { one }, Array.Empty<string>()));
            Assert.Equal("[\"a\",\"b\"]", ToolResultSerializer.Serialize(new object?[] { "a", "b" }, Array.Empty<string>()));
            Assert.Equal("[]", ToolResultSerializer.Serialize(Array.Empty<object?>(), Array.Empty<string>()));
        }

        [Fact]
        public void Huge_output_keeps_whole_items_and_says_how_many_were_left_out()
        {
            var items = Enumerable.Range(0, 1000).Select(i => (object?)("item number " + i + new string('x', 40))).ToArray();
            var text = ToolResultSerializer.Serialize(items, Array.Empty<string>(), maxChars: 2000);
            Assert.True(text.Length < 2400, text.Length.ToString());
            var root = JsonDocument.Parse(text).RootElement;
            var kept = root.GetProperty("output").GetArrayLength();
            Assert.InRange(kept, 20, 40);
            Assert.Contains($"{kept} of 1000 items are shown", root.GetProperty("truncated").GetString());
        }

        [Fact]
        public void One_huge_text_is_cut_to_the_limit()
        {
            var text = ToolResultSerializer.Serialize(new object?[] { new string('y', 50_000) }, Array.Empty<string>(), maxChars: 1000);
            var root = JsonDocument.Parse(text).RootElement;
            Assert.InRange(root.GetProperty("output")[0].GetString()!.Length, 1000, 1002);
            Assert.Contains("0 of 1 items are shown in full", root.GetProperty("truncated").GetString());
        }

        [Fact]
        public void Nesting_is_cut_at_the_depth_limit()
        {
            var deep = PSObject.AsPSObject(new { A = new { B = new { C = new { D = "deep" } } } });
            var root = JsonDocument.Parse(ToolResultSerializer.Serialize(new object?[] { deep }, Array.Empty<string>())).RootElement;
            Assert.Equal(JsonValueKind.String, root.GetProperty("A").GetProperty("B").GetProperty("C").ValueKind);
        }

        [Fact]
        public void Errors_are_escaped_JSON()
        {
            var root = JsonDocument.Parse(ToolResultSerializer.Error("bad \"quote\"\n")).RootElement;
            Assert.Equal("bad \"quote\"\n", root.GetProperty("error").GetString());
        }
    
        [Fact]
        public void Output_too_big_with_nested_values_is_flattened_to_scalar_properties()
        {
            var items = Enumerable.Range(0, 50).Select(i => (object?)PSObject.AsPSObject(new
            {
                Name = "svc" + i,
                Status = "Stopped",
                Dependencies = Enumerable.Range(0, 30).Select(d => new { Name = "dependency number " + d }).ToArray(),
            })).ToArray();
            var root = JsonDocument.Parse(ToolResultSerializer.Serialize(items, Array.Empty<string>(), maxChars: 4000)).RootElement;
            var output = root.GetProperty("output");
            Assert.Equal(50, output.GetArrayLength());
            Assert.Equal("svc49", output[49].GetProperty("Name").GetString());
            Assert.False(output[0].TryGetProperty("Dependencies", out _));
            Assert.Contains("Nested properties were left out", root.GetProperty("note").GetString());
            Assert.False(root.TryGetProperty("truncated", out _));
        }
    }
}
