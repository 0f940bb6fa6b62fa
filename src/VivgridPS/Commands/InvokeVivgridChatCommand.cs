using System;
using System.Management.Automation;
using System.Security;
using VivgridPS.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Errors;

namespace VivgridPS.Commands
{
    /// <summary>Invoke-VivgridChat: sends chat requests and writes deltas and result objects (SPEC §2).</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "VivgridChat", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(ChatResult), typeof(string))]
    [Alias("ivc")]
    public sealed class InvokeVivgridChatCommand : PSCmdlet, IDisposable
    {
        private const string DefaultSet = "Default";

        [Parameter(Position = 0)]
        [AllowEmptyString]
        public string? Prompt { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public string? SystemPrompt { get; set; }

        [Parameter]
        public object[]? Messages { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(Completers.ModelCompleter))]
        public string? Model { get; set; }

        [Parameter]
        public SwitchParameter Stream { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        public SwitchParameter Each { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Attachment { get; set; }

        [Parameter]
        [ValidateRange(1, 1_000_000)]
        public int MaxOutputTokens { get; set; }

        [Parameter]
        [ValidateRange(0.0, 2.0)]
        public double Temperature { get; set; }

        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double TopP { get; set; }

        [Parameter]
        [ValidateSet("none", "minimal", "low", "medium", "high", "xhigh")]
        public string? ReasoningEffort { get; set; }

        [Parameter]
        [ValidateCount(1, 4)]
        public string[]? Stop { get; set; }

        [Parameter]
        public long Seed { get; set; }

        [Parameter]
        public object? JsonSchema { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        /// <summary>USD budget; checked in ChatSettings because ValidateRange cannot compare decimals on 5.1.</summary>
        [Parameter]
        public decimal MaxCost { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        [Parameter]
        public SecureString? ApiKey { get; set; }

        [Parameter]
        public Uri? BaseUri { get; set; }

        [Parameter]
        [ValidateRange(1, 86_400)]
        public int TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(1, 3_600)]
        public int IdleTimeoutSec { get; set; } = Core.Chat.ChatCallOptions.DefaultIdleTimeoutSeconds;

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; } = 3;

        [Parameter]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string? Tag { get; set; }

        [Parameter]
        public SwitchParameter NoLedger { get; set; }

        [Parameter]
        public SwitchParameter LogContent { get; set; }

        /// <summary>Function tools: Get-Command output or hashtables (name, description, parameters, command).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Tool { get; set; }

        /// <summary>auto, none, required, or a tool name (first round only; later rounds use auto).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ToolChoice { get; set; }

        /// <summary>Opt-in: run the -Tool commands the model asks for (each through ShouldProcess) and send back the results.</summary>
        [Parameter]
        public SwitchParameter InvokeTool { get; set; }

        [Parameter]
        [ValidateRange(1, 50)]
        public int MaxToolRounds { get; set; } = Core.Chat.ConversationSettings.DefaultMaxToolRounds;

        private ChatSession? _session;

        protected override void BeginProcessing()
        {
            try
            {
                var settings = ChatSettings.From(this);
                _session = new ChatSession(settings, new ChatOutputWriter(this, settings), Prompt, Each.IsPresent, ThrottleLimit,
                    expectingInput: MyInvocation.ExpectingInput);
            }
            catch (VivgridException e)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(e));
            }
        }

        protected override void ProcessRecord()
        {
            if (InputObject != null) _session!.AddInput(InputObject);
        }

        protected override void EndProcessing() => _session!.Finish();

        protected override void StopProcessing() => _session?.Cancel();

        public void Dispose() => _session?.Dispose();

        internal bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>True when -WhatIf, -Confirm or -Verbose (switch or preference) could show a request's details.</summary>
        internal bool WantsRequestDetails() =>
            IsSwitchOn("WhatIf") || IsSwitchOn("Confirm") || IsSwitchOn("Verbose")
            || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"))
            || (GetVariableValue("ConfirmPreference") is ConfirmImpact confirm && confirm != ConfirmImpact.None && confirm <= ConfirmImpact.Low)
            || (GetVariableValue("VerbosePreference") is ActionPreference verbose && verbose != ActionPreference.SilentlyContinue && verbose != ActionPreference.Ignore);

        internal bool WantsDebug() =>
            IsSwitchOn("Debug")
            || (GetVariableValue("DebugPreference") is ActionPreference debug && debug != ActionPreference.SilentlyContinue && debug != ActionPreference.Ignore);

        private bool IsSwitchOn(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out var value) && LanguagePrimitives.IsTrue(value);
    }
}
