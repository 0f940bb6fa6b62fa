using System;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>What counts as "this event's data is bad" (as opposed to a bug), and how it is recorded.</summary>
    internal static class MalformedEvent
    {
        /// <summary>
        /// JsonException: broken JSON. InvalidOperationException: invalid UTF-8 inside a string. ArgumentException,
        /// FormatException, OverflowException: values the reader cannot convert. All are the data's fault.
        /// </summary>
        public static bool IsParseFailure(Exception ex)
            => ex is JsonException || ex is InvalidOperationException || ex is ArgumentException
               || ex is FormatException || ex is OverflowException;

        public static void Record(ChatCompletion result, Exception ex)
        {
            result.MalformedEventCount++;
            result.LastMalformedError = ex.GetType().Name + ": " + ex.Message;
        }
    }
}
