using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using VivgridEmulator;
using VivgridPS.Cmdlets.Tests.Chat;
using Xunit;

namespace VivgridPS.Cmdlets.Tests.Desktop
{
    /// <summary>
    /// -Stream in hosts without a real console (the Windows PowerShell ISE, custom hosts): the text must still be seen,
    /// through the host UI (PowerShell wraps every host UI, so that is any host but a bare runspace), and as pipeline
    /// strings when a command follows; nothing may touch System.Console, which the ISE does not show.
    /// </summary>
    [Collection("Chat runspace")]
    public sealed class StreamWithoutConsoleTests
    {
        private readonly ChatRunspace _rs;

        public StreamWithoutConsoleTests(ChatRunspace rs) => _rs = rs;

        private (System.Collections.Generic.List<PSObject> Output, PowerShell Shell) Run(IseLikeHost host, string script)
        {
            using var runspace = RunspaceFactory.CreateRunspace(host, ModuleSession.Create());
            runspace.Open();
            var shell = PowerShell.Create();
            shell.Runspace = runspace;
            _rs.Emulator.State.Reset();
            _rs.Emulator.State.Enqueue(new ScriptedReply { Chunks = new[] { "Grüße ", "aus ", "der ", "ISE" } });
            shell.AddScript(_rs.Prelude + script);
            var output = shell.Invoke().ToList();
            Assert.Empty(shell.Streams.Error);
            return (output, shell);
        }

        [Fact]
        public void In_the_ISE_the_text_goes_to_the_output_pane_and_the_result_is_still_returned()
        {
            var host = new IseLikeHost(IseLikeHost.RawUIMode.IsePane);
            var (output, _) = Run(host, "$r = Invoke-VivgridChat 'x' -Stream; $r");
            Assert.Equal("Grüße aus der ISE\n", host.Pane);
            var result = Assert.IsType<ChatResult>(Assert.Single(output).BaseObject);
            Assert.Equal("Grüße aus der ISE", result.Content);
        }

        [Fact]
        public void A_custom_host_without_a_RawUI_still_shows_the_text()
        {
            // PowerShell wraps every host's UI, so the text goes through Host.UI.Write whatever the raw UI is.
            var host = new IseLikeHost(IseLikeHost.RawUIMode.Null, "Custom Host");
            var (output, _) = Run(host, "Invoke-VivgridChat 'x' -Stream");
            Assert.Equal("Grüße aus der ISE\n", host.Pane);
            Assert.Equal("Grüße aus der ISE", Assert.IsType<ChatResult>(Assert.Single(output).BaseObject).Content);
        }

        [Fact]
        public void With_a_command_after_it_the_text_is_pipeline_strings_in_the_ISE_too()
        {
            var host = new IseLikeHost(IseLikeHost.RawUIMode.IsePane);
            var (output, _) = Run(host, "Invoke-VivgridChat 'x' -Stream | ForEach-Object { $_ }");
            Assert.Equal(string.Empty, host.Pane);
            Assert.Equal("Grüße aus der ISE", string.Concat(output.Select(o => o.BaseObject).OfType<string>()));
        }

        [Fact]
        public void Neither_assembly_uses_System_Console()
        {
            // The ISE has no console: anything written to System.Console there is lost, so only the host UI may show text.
            foreach (var assembly in new[] { typeof(ChatResult).Assembly, typeof(VivgridPS.Commands.InvokeVivgridChatCommand).Assembly })
            {
                using var stream = System.IO.File.OpenRead(assembly.Location);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                var console = md.TypeReferences.Select(md.GetTypeReference)
                    .Where(t => md.GetString(t.Namespace) == "System" && md.GetString(t.Name) == "Console");
                Assert.Empty(console);
            }
        }
    }
}
