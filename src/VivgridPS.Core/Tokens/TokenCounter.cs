using System;
using System.Collections.Generic;
using System.Text;

namespace VivgridPS.Core.Tokens
{
    /// <summary>
    /// Counts tokens locally: exactly as OpenAI's tiktoken o200k_base for the families that use it (proved by the
    /// tests/unit/Fixtures/tokens fixture), and as a documented approximation for everything else.
    /// The vocabulary (200K tokens from Microsoft.ML.Tokenizers.Data.O200kBase) is loaded on first use, not at module
    /// import, and the counter is shared by all threads. See <see cref="O200kBpeCounter"/> for why the merge loop is ours.
    /// </summary>
    public static class TokenCounter
    {
        /// <summary>
        /// Tokens charged per image when the image's size is not examined: OpenAI's high-detail cost of a 1024×1024 image
        /// for the GPT-4o/5 family (85 base + 4 tiles × 170). Larger or low-detail images differ, so counts with images are estimates.
        /// </summary>
        public const int ImageTokenEstimate = 765;

        /// <summary>Non-image files (PDF): one image-equivalent per started 64 KiB, a rough stand-in for "one page per 64 KiB".</summary>
        public const int FileBytesPerImageEquivalent = 64 * 1024;

        // OpenAI cookbook ("How to count tokens with tiktoken", gpt-4o and later): every message costs 3 tokens of framing
        // plus its values, a name costs 1 more, and every reply is primed with 3 tokens.
        public const int TokensPerMessage = 3;
        public const int TokensPerName = 1;
        public const int ReplyPrimingTokens = 3;

        /// <summary>Approximation for unknown tokenizers: one token per 4 UTF-8 bytes, rounded up.</summary>
        public const int EstimateBytesPerToken = 4;

        private static readonly Lazy<O200kBpeCounter> O200k = new Lazy<O200kBpeCounter>(CreateO200k, isThreadSafe: true);

        /// <summary>The shared counter (tests compare its two merge loops).</summary>
        internal static O200kBpeCounter O200kCounter => O200k.Value;

        /// <summary>Exact o200k_base count of <paramref name="text"/>, as tiktoken's encode_ordinary counts it.</summary>
        public static int CountO200k(string text) =>
            string.IsNullOrEmpty(text) ? 0 : O200k.Value.Count(text);

        /// <summary>Tokens of plain text with the tokenizer of <paramref name="model"/> (null: o200k_base).</summary>
        public static TokenCountResult CountText(string? text, ModelInfo? model = null)
        {
            var exact = UsesO200k(model);
            return new TokenCountResult(Count(text, exact), !exact);
        }

        /// <summary>
        /// Prompt tokens of a chat request as the service counts them: message values plus the chat framing overhead.
        /// Attachments and tool calls make the result an estimate.
        /// </summary>
        /// <summary>
        /// A cheap upper bound for <see cref="CountMessages"/>: byte-level BPE never makes a token from less than one
        /// UTF-8 byte, and a UTF-16 char is at most 3 UTF-8 bytes; plus the per-message overheads and attachments.
        /// </summary>
        public static long UpperBound(IEnumerable<ChatMessage> messages)
        {
            long total = ReplyPrimingTokens;
            foreach (var message in messages)
            {
                total += TokensPerMessage + TokensPerName + 3L * ((message.Content?.Length ?? 0) + message.Role.Length + (message.Name?.Length ?? 0) + (message.ToolCallId?.Length ?? 0));
                foreach (var call in message.ToolCalls) total += 3L * (call.Id.Length + call.Name.Length + call.ArgumentsJson.Length);
                foreach (var attachment in message.Attachments) total += AttachmentEstimate(attachment);
            }
            return total;
        }

        public static TokenCountResult CountMessages(IEnumerable<ChatMessage> messages, ModelInfo? model = null)
        {
            if (messages == null) throw new ArgumentNullException(nameof(messages));
            bool isEstimate = !UsesO200k(model);
            long total = ReplyPrimingTokens;
            foreach (var message in messages)
            {
                total += TokensPerMessage + CountText(message.Role, model).Count + CountText(message.Content, model).Count;
                if (!string.IsNullOrEmpty(message.Name)) total += TokensPerName + CountText(message.Name, model).Count;
                if (!string.IsNullOrEmpty(message.ToolCallId)) total += CountText(message.ToolCallId, model).Count;
                foreach (var call in message.ToolCalls)
                {
                    // The service's serialisation of tool calls is not published; count the visible parts.
                    total += CountText(call.Id, model).Count + CountText(call.Name, model).Count + CountText(call.ArgumentsJson, model).Count;
                    isEstimate = true;
                }
                foreach (var attachment in message.Attachments)
                {
                    total += AttachmentEstimate(attachment);
                    isEstimate = true;
                }
            }
            return new TokenCountResult(total > int.MaxValue ? int.MaxValue : (int)total, isEstimate);
        }

        /// <summary>Whether counts for <paramref name="model"/> are exact: its catalog tokenizer, or for null/unknown entries its id family.</summary>
        public static bool UsesO200k(ModelInfo? model)
        {
            if (model == null) return true;
            string? name = model.Tokenizer ?? TokenizerNames.ForModelId(model.Id);
            return string.Equals(name, TokenizerNames.O200kBase, StringComparison.OrdinalIgnoreCase);
        }

        public static int EstimateText(string text)
        {
            if (string.IsNullOrEmpty(text)) return 0;
            long bytes = Encoding.UTF8.GetByteCount(text);
            return (int)((bytes + EstimateBytesPerToken - 1) / EstimateBytesPerToken);
        }

        public static int AttachmentEstimate(ChatAttachment attachment)
        {
            if (string.Equals(attachment.Kind, "image", StringComparison.OrdinalIgnoreCase)) return ImageTokenEstimate;
            long pages = Math.Max(1, (attachment.Length + FileBytesPerImageEquivalent - 1) / FileBytesPerImageEquivalent);
            return (int)Math.Min(int.MaxValue, pages * ImageTokenEstimate);
        }

        private static int Count(string? text, bool exact) =>
            string.IsNullOrEmpty(text) ? 0 : exact ? CountO200k(text!) : EstimateText(text!);

        private static O200kBpeCounter CreateO200k() => new O200kBpeCounter(O200kVocabulary.Load());
    }
}
