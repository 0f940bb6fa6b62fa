using System;
using System.IO;
using System.Management.Automation;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Chunking;
using VivgridPS.Core.Errors;
using VivgridPS.Core.Input;
using VivgridPS.Json;

namespace VivgridPS.Chat
{
    /// <summary>
    /// -Chunk: each piped text file is one run, read as a stream; piped lines (and objects, one JSON line each) are
    /// spooled and form one run at the end. A run is planned (counted and priced) before its first request, confirmed
    /// once (-WhatIf/-Confirm), then its map requests go through the same ordered queue and event loop as any call,
    /// at most -ThrottleLimit chunks in memory, and its reduce requests follow level by level.
    /// </summary>
    internal sealed partial class ChatSession
    {
        private SpooledChunkSource? _spool;
        private int _chunkRuns;

        private void AddChunkInput(PSObject input)
        {
            var value = input.BaseObject;
            if (value is FileInfo file && !AttachmentLoader.IsAttachmentPath(file.FullName))
            {
                FileChunkSource source;
                try
                {
                    source = new FileChunkSource(file.FullName);
                }
                catch (VivgridException e)
                {
                    _output.WriteError(e, file.FullName);
                    return;
                }
                _chunkRuns++;
                RunChunked(source, file.FullName);
                return;
            }
            if (value is FileInfo attachment)
            {
                _output.WriteError(new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                    $"-Chunk splits text, and '{attachment.FullName}' is an image or PDF; it was not sent.",
                    "Send attachments without -Chunk (pipe the file, or use -Attachment)."), attachment.FullName);
                return;
            }
            _spool ??= new SpooledChunkSource("(piped input)");
            _spool.AddLine(value is string line ? line : PSObjectJsonWriter.ToJson(input));
        }

        private void FinishChunkInput()
        {
            if (_spool is { HasText: true } spool)
            {
                RunChunked(spool, null);
                return;
            }
            if (_chunkRuns > 0) return;
            if (_expectingInput)
            {
                _output.WriteWarning("No input arrived from the pipeline, so nothing was sent (no request, no cost).");
                return;
            }
            _output.WriteError(new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                "-Chunk splits piped input, and nothing was piped in, so nothing was sent.",
                "Pipe a file (Get-Item big.log | Invoke-VivgridChat -Chunk ...) or lines (Get-Content big.log | ...)."), _prompt);
        }

        /// <summary>One run: plan, confirm, map every chunk in order, then reduce until one answer remains.</summary>
        private void RunChunked(ChunkSource source, string? path)
        {
            var requests = _settings.Chunking!;
            var conversation = _settings.Conversation;
            ChunkRun run;
            try
            {
                var plan = ChunkPlanner.Plan(source, requests, _settings.ChunkTokens, _settings.Request.Options.MaxOutputTokens,
                    conversation.MaxCost, () => _stop.IsCancellationRequested);
                if (!_output.ShouldSendRun(plan)) return;
                _settings.Connection.EnsureUsable();
                run = new ChunkRun(plan, requests, conversation.Catalog, conversation.MaxCost, conversation.LogContent ? _prompt : null, path);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (VivgridException e)
            {
                _output.WriteError(e, path ?? source.Label);
                return;
            }
            try
            {
                using (var reader = source.Open())
                {
                    foreach (var chunk in new LineChunker(run.Plan.Budget).Split(reader))
                    {
                        if (run.Failed) break;
                        Enqueue(run.Map(chunk));
                        // At most ThrottleLimit chunks are held (in requests in flight) while the next is read.
                        Drain(untilCount: _queue.ThrottleLimit - 1);
                    }
                }
                if (!run.Failed) run.CheckAllMapped();
                Drain(untilCount: 0);
                while (!run.Failed)
                {
                    var steps = run.NextReduce();
                    if (steps.Count == 0) break;
                    foreach (var step in steps)
                    {
                        Enqueue(step);
                        Drain(untilCount: _queue.ThrottleLimit - 1);
                    }
                    Drain(untilCount: 0);
                }
            }
            catch (VivgridException e)
            {
                // What is in flight finishes and is recorded; the finished parts are still returned below.
                run.Fail();
                Drain(untilCount: 0);
                _output.WriteError(e, path ?? source.Label);
            }
            if (run.Failed) _output.WriteRunPartial(run.Partial());
        }

        private void Enqueue(ChunkStep step)
        {
            var item = new ChatWorkItem { Source = step.Work.SourceText, LedgerSource = step.Work.SourceText };
            var call = new ChatConversation(_settings.Conversation, step.Work);
            _queue.Enqueue(new CallState(item, step.Work.Request, call) { Step = step }, call.RunAsync);
        }
    }
}
