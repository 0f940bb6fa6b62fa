using System;
using System.IO;
using System.Management.Automation;
using VivgridPS.Commands;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Http;
using VivgridPS.Core.Input;
using VivgridPS.Core.Ledger;
using VivgridPS.Core.Models;
using VivgridPS.Json;
using VivgridPS.Security;

namespace VivgridPS.Chat
{
    /// <summary>
    /// The bound parameters of one Invoke-VivgridChat, resolved once in BeginProcessing: environment defaults,
    /// the key, the schema, attachments and prior messages. Parameter problems fail here, before any input is read.
    /// </summary>
    internal sealed class ChatSettings
    {
        public VivgridConnection Connection { get; private set; } = null!;
        /// <summary>What the core needs to run each work item (transport, limits, budget, ledger facts).</summary>
        public ConversationSettings Conversation { get; private set; } = null!;
        public ChatRequestTemplate Request { get; } = new ChatRequestTemplate();
        public UsageLedger? Ledger { get; private set; }
        /// <summary>Why there is no ledger although one was wanted; the output writer shows it.</summary>
        public string? LedgerWarning { get; private set; }
        public bool Stream { get; private set; }
        public bool PassThru { get; private set; }
        public bool ParseData { get; private set; }
        /// <summary>-WhatIf, -Confirm or -Verbose can show the request: count tokens and describe it in full.</summary>
        public bool DescribeRequests { get; private set; }
        /// <summary>-Tool/-InvokeTool; null without -Tool.</summary>
        public Tools.ToolOptions? Tools { get; private set; }

        public ModelCatalog Catalog => Conversation.Catalog;

        /// <summary>Reads the bound parameters of <paramref name="cmdlet"/>: its parameter binder, which writes nothing.</summary>
        public static ChatSettings From(InvokeVivgridChatCommand cmdlet)
        {
            var settings = new ChatSettings();
            settings.Connection = VivgridConnection.FromEnvironment(cmdlet.BaseUri, SecureStringReader.ToPlainText(cmdlet.ApiKey),
                cmdlet.AllowUnencryptedAuthentication.IsPresent);
            var callOptions = new ChatCallOptions
            {
                Timeout = cmdlet.IsBound(nameof(cmdlet.TimeoutSec)) ? TimeSpan.FromSeconds(cmdlet.TimeoutSec) : (TimeSpan?)null,
                IdleTimeout = TimeSpan.FromSeconds(cmdlet.IdleTimeoutSec),
                EmitDebug = cmdlet.WantsDebug(),
                // Under a budget, an accepted attempt is never paid for twice (see ChatCallOptions).
                RetryAcceptedAttempts = !cmdlet.IsBound(nameof(cmdlet.MaxCost)),
            };
            settings.DescribeRequests = cmdlet.WantsRequestDetails();
            var transport = new ApiTransport(SharedHttpClient.Instance, settings.Connection,
                new RetryPolicy(cmdlet.MaxRetries), callOptions.IdleTimeout);
            if (!cmdlet.NoLedger.IsPresent) settings.OpenLedger(cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            decimal? maxCost = cmdlet.IsBound(nameof(cmdlet.MaxCost)) ? cmdlet.MaxCost : (decimal?)null;
            if (maxCost < 0)
            {
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    $"-MaxCost {cmdlet.MaxCost} is negative.", "Pass a budget in USD of 0 or more, e.g. -MaxCost 0.05.");
            }
            settings.Stream = cmdlet.Stream.IsPresent;
            settings.PassThru = cmdlet.PassThru.IsPresent;
            settings.FillRequest(cmdlet);
            var scriptPath = cmdlet.MyInvocation.ScriptName;
            settings.Conversation = new ConversationSettings(transport, callOptions, ModelCatalog.Current)
            {
                MaxCost = maxCost,
                CountTokens = settings.DescribeRequests,
                InvokeTools = settings.Tools?.Invoke == true,
                MaxToolRounds = settings.Tools?.MaxRounds ?? ConversationSettings.DefaultMaxToolRounds,
                Tag = cmdlet.Tag,
                LogContent = cmdlet.LogContent.IsPresent,
                ScriptPath = string.IsNullOrEmpty(scriptPath) ? null : scriptPath,
            };
            return settings;
        }

        private void FillRequest(InvokeVivgridChatCommand cmdlet)
        {
            Request.Options.Model = ModelChoice.Resolve(cmdlet.Model);
            Request.SystemPrompt = cmdlet.SystemPrompt;
            Request.PriorMessages = MessageConverter.Convert(cmdlet.Messages);
            if (cmdlet.IsBound(nameof(cmdlet.MaxOutputTokens))) Request.Options.MaxOutputTokens = cmdlet.MaxOutputTokens;
            if (cmdlet.IsBound(nameof(cmdlet.Temperature))) Request.Options.Temperature = cmdlet.Temperature;
            if (cmdlet.IsBound(nameof(cmdlet.TopP))) Request.Options.TopP = cmdlet.TopP;
            if (cmdlet.IsBound(nameof(cmdlet.Seed))) Request.Options.Seed = cmdlet.Seed;
            Request.Options.ReasoningEffort = cmdlet.ReasoningEffort?.ToLowerInvariant();
            Request.Options.Stop = cmdlet.Stop;
            if (cmdlet.JsonSchema != null && cmdlet.AsJson.IsPresent)
            {
                throw new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    "-JsonSchema and -AsJson cannot be used together.",
                    "Use -JsonSchema for a fixed shape, or -AsJson for any JSON object.");
            }
            if (cmdlet.JsonSchema != null)
            {
                var (name, schema) = JsonSchemaNormalizer.Normalize(SchemaText(cmdlet, cmdlet.JsonSchema));
                Request.Options.JsonSchema = schema;
                Request.Options.JsonSchemaName = name;
            }
            Request.Options.JsonObject = cmdlet.AsJson.IsPresent;
            Tools = VivgridPS.Tools.ToolOptions.From(cmdlet.Tool, cmdlet.ToolChoice, cmdlet.InvokeTool.IsPresent,
                cmdlet.MaxToolRounds, cmdlet.InvokeCommand, Request);
            ParseData = Request.Options.JsonSchema != null || Request.Options.JsonObject;
            Request.Options.WireFormat = WireFormatChoice.Resolve(cmdlet.IsBound(nameof(cmdlet.WireFormat)) ? cmdlet.WireFormat : (WireFormat?)null);
            if (Request.Options.WireFormat == WireFormat.Vivgrid && Request.Options.Tools.Count > 0)
            {
                // Whether client tools travel in the compact stream is not documented (VIVGRID-API.md §2).
                cmdlet.WriteVerbose("-WireFormat Vivgrid: the calls carry -Tool definitions, so they use the OpenAI stream format; Vivgrid's compact stream is not documented for client-side tools.");
            }
            if (cmdlet.Attachment != null)
            {
                var loaded = new VivgridPS.ChatAttachment[cmdlet.Attachment.Length];
                for (var i = 0; i < loaded.Length; i++)
                {
                    loaded[i] = AttachmentLoader.Load(cmdlet.GetUnresolvedProviderPathFromPSPath(cmdlet.Attachment[i]));
                }
                Request.Attachments = loaded;
            }
        }

        /// <summary>-JsonSchema takes a hashtable/object, JSON text, or the path of a JSON file.</summary>
        private static string SchemaText(PSCmdlet cmdlet, object schema)
        {
            var value = schema is PSObject ps ? ps.BaseObject : schema;
            if (value is string text)
            {
                var trimmed = text.TrimStart();
                if (trimmed.StartsWith("{", StringComparison.Ordinal)) return text;
                var path = cmdlet.GetUnresolvedProviderPathFromPSPath(text);
                if (!File.Exists(path))
                {
                    throw new VivgridException(VivgridErrorId.InvalidJsonSchema, VivgridErrorKind.InvalidArgument,
                        $"The -JsonSchema '{text}' is neither JSON text nor an existing file.",
                        "Pass a hashtable, JSON text starting with '{', or the path of a .json file.");
                }
                return File.ReadAllText(path);
            }
            if (value is FileInfo file) return File.ReadAllText(file.FullName);
            return PSObjectJsonWriter.ToJson(schema, maxDepth: 32);
        }

        /// <summary>A ledger that cannot be located is a warning (<see cref="LedgerWarning"/>): the answer matters more than its bookkeeping.</summary>
        private void OpenLedger(string location)
        {
            try
            {
                // A relative VIVGRID_USAGE_LOG means the same file here as in Get-VivgridUsage: PowerShell's location.
                var ledger = UsageLedger.FromEnvironment(location);
                Ledger = ledger.IsEnabled ? ledger : null;
            }
            catch (VivgridException e)
            {
                LedgerWarning = e.Message + " " + e.RecommendedAction + " This call is not recorded.";
            }
        }
    }
}
