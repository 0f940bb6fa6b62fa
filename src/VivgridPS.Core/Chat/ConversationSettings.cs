using System;
using VivgridPS.Core.Http;
using VivgridPS.Core.Models;

namespace VivgridPS.Core.Chat
{
    /// <summary>What every work item of one Invoke-VivgridChat shares: the transport, limits, budget and ledger facts.</summary>
    public sealed record ConversationSettings(ApiTransport Transport, ChatCallOptions CallOptions, ModelCatalog Catalog)
    {
        public const int DefaultMaxToolRounds = 8;

        /// <summary>-MaxCost in USD for the whole work item (all tool rounds); null = no budget.</summary>
        public decimal? MaxCost { get; init; }
        /// <summary>Count tokens for every request (-WhatIf/-Confirm/-Verbose can show them).</summary>
        public bool CountTokens { get; init; }
        /// <summary>-InvokeTool: answers that ask for tools get <see cref="ChatEventKind.ToolCallsRequested"/>.</summary>
        public bool InvokeTools { get; init; }
        public int MaxToolRounds { get; init; } = DefaultMaxToolRounds;
        public string? Tag { get; init; }
        /// <summary>-LogContent: the ledger keeps the prompt and the answer.</summary>
        public bool LogContent { get; init; }
        public string? ScriptPath { get; init; }
        public string HostName { get; init; } = Environment.MachineName;
    }
}
