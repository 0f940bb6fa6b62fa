using System;
using VivgridPS.Core.Http;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Folds a Responses API stream (named events: response.output_text.delta, response.output_item.done,
    /// response.completed, error, ...) into a <see cref="ChatCompletion"/>. Events it does not know are ignored.
    /// </summary>
    public sealed class ResponsesStreamAccumulator : IStreamAccumulator
    {
        private readonly CompletionState _state = new CompletionState();
        private readonly ResponsesEvent _event = new ResponsesEvent();
        private readonly int _maxAnswerChars;
        private bool _sawErrorEvent;

        private readonly MalformedEvent.Parser _parse;
        private string _eventType = string.Empty;

        public ResponsesStreamAccumulator(int maxAnswerChars = ResponseLimits.DefaultMaxAnswerChars)
        {
            _maxAnswerChars = maxAnswerChars;
            _parse = json => _event.Parse(_eventType, json); // made once: a lambda per event would allocate per event
        }

        public bool IsTerminal { get; private set; }

        public ChatCompletion Current => _state.Snapshot();

        public string? Apply(string eventType, ReadOnlySpan<byte> data)
        {
            ChatCompletion result = _state.Result;
            result.EventCount++;
            _eventType = eventType;
            if (!MalformedEvent.TryParse(data, result, _parse)) return null;
            string? delta = Commit(_event, result);
            AnswerCap.Check(_state, _maxAnswerChars);
            return delta;
        }

        private string? Commit(ResponsesEvent ev, ChatCompletion result)
        {
            switch (ev.Kind)
            {
                case ResponsesEventKind.OutputTextDelta:
                    if (string.IsNullOrEmpty(ev.Delta)) return null;
                    _state.AppendContent(ev.Delta!);
                    return ev.Delta;
                case ResponsesEventKind.OutputTextDone:
                    if (ev.Text != null) _state.AppendOutputTextDone(ev.Text);
                    break;
                case ResponsesEventKind.RefusalDelta:
                    if (!string.IsNullOrEmpty(ev.Delta)) _state.AppendRefusal(ev.Delta!);
                    break;
                case ResponsesEventKind.ReasoningDelta:
                    if (!string.IsNullOrEmpty(ev.Delta)) _state.AppendReasoning(ev.Delta!);
                    break;
                case ResponsesEventKind.OutputItemAdded:
                case ResponsesEventKind.OutputItemDone:
                    ApplyItem(ev.Item, final: ev.Kind == ResponsesEventKind.OutputItemDone);
                    break;
                case ResponsesEventKind.FunctionCallArgumentsDelta:
                    ApplyArgumentsDelta(ev.ItemId, ev.Delta);
                    break;
                case ResponsesEventKind.Created:
                case ResponsesEventKind.InProgress:
                    ApplyEarlyResponse(ev.Response, result);
                    break;
                case ResponsesEventKind.Completed:
                case ResponsesEventKind.Incomplete:
                case ResponsesEventKind.Failed:
                    ApplyTerminal(ev, result);
                    break;
                case ResponsesEventKind.Error:
                    _sawErrorEvent = true;
                    result.StreamError = ev.Error ?? result.StreamError;
                    break;
            }

            return null;
        }

        private void ApplyItem(ResponseOutputItem? item, bool final)
        {
            if (item is null || !item.IsFunctionCall) return;
            ToolCallBuilder tool = (item.ItemId != null ? _state.FindToolByItemId(item.ItemId) : null)
                                   ?? _state.AddTool(_state.Tools.Count);
            tool.ItemId ??= item.ItemId;
            tool.OfferId(item.CallId);
            tool.OfferName(item.Name);
            if (final) tool.SetFinalArguments(item.Arguments);
            if (final) _state.CountText(item.Arguments);
            _state.MarkDirty();
        }

        private void ApplyArgumentsDelta(string? itemId, string? delta)
        {
            // A delta for an item we never saw announced still belongs to some call: start one rather than lose it.
            ToolCallBuilder tool = (itemId != null ? _state.FindToolByItemId(itemId) : null) ?? _state.AddTool(_state.Tools.Count);
            tool.ItemId ??= itemId;
            tool.AppendArguments(delta);
            _state.CountText(delta);
            _state.MarkDirty();
        }

        private static void ApplyEarlyResponse(ResponseObject? response, ChatCompletion result)
        {
            if (response is null) return;
            if (string.IsNullOrEmpty(result.Id) && !string.IsNullOrEmpty(response.Id)) result.Id = response.Id;
            if (string.IsNullOrEmpty(result.Model) && !string.IsNullOrEmpty(response.Model)) result.Model = response.Model;
            result.Created ??= JsonReading.FromUnixSeconds(response.CreatedAt);
            if (response.Status != null) result.Status = response.Status;
        }

        private void ApplyTerminal(ResponsesEvent ev, ChatCompletion result)
        {
            ev.Response?.ApplyTo(result);
            if (ev.Response?.Status is null) result.Status = ev.Kind switch
            {
                ResponsesEventKind.Completed => "completed",
                ResponsesEventKind.Incomplete => "incomplete",
                _ => "failed",
            };
            if (!_sawErrorEvent && result.ResponseError != null) result.StreamError = result.ResponseError;
            result.FinishReason = ResponseObject.FinishReasonFor(result.Status, result.IncompleteReason, _state.Tools.Count > 0);
            result.Done = true;
            IsTerminal = true;
        }
    }
}
