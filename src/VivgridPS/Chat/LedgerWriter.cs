using System;
using VivgridPS.Commands;
using VivgridPS.Core.Errors;

namespace VivgridPS.Chat
{
    /// <summary>Appends one usage line per completed or interrupted call; a ledger problem is a warning, never a lost answer.</summary>
    internal sealed class LedgerWriter
    {
        private readonly InvokeVivgridChatCommand _cmdlet;
        private readonly ChatSettings _settings;

        public LedgerWriter(InvokeVivgridChatCommand cmdlet, ChatSettings settings)
        {
            _cmdlet = cmdlet;
            _settings = settings;
        }

        public void Append(CallState state, VivgridPS.ChatResult result, string status)
        {
            if (_settings.Ledger is null) return;
            var record = new VivgridPS.UsageRecord
            {
                Time = DateTimeOffset.UtcNow,
                Model = result.Model,
                RequestedModel = result.RequestedModel,
                InputTokens = result.InputTokens,
                CachedInputTokens = result.CachedInputTokens,
                OutputTokens = result.OutputTokens,
                ReasoningTokens = result.ReasoningTokens,
                CostUsd = result.CostUsd,
                Duration = result.Duration,
                Status = status,
                Tag = _settings.Tag,
                HostName = Environment.MachineName,
                ScriptPath = string.IsNullOrEmpty(_cmdlet.MyInvocation.ScriptName) ? null : _cmdlet.MyInvocation.ScriptName,
                // Without -LogContent no input text reaches the ledger: a string item's source is its position.
                Source = _settings.LogContent && state.Item.Source is not null ? ChatOutputWriter.SourceText(state.Item.Source) : state.Item.LedgerSource,
                Prompt = _settings.LogContent ? state.Item.UserText() : null,
                Response = _settings.LogContent ? result.Content : null,
            };
            try
            {
                _settings.Ledger.Append(record);
            }
            catch (VivgridException e)
            {
                _cmdlet.WriteWarning("The usage ledger could not be written: " + e.Message);
            }
        }
    }
}
