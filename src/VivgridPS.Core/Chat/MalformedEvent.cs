using System;
using System.Text.Json;

namespace VivgridPS.Core.Chat
{
    /// <summary>What counts as "this event's data is bad" (as opposed to a bug), and how it is recorded.</summary>
    internal static class MalformedEvent
    {
        /// <summary>Parses one event's data into the caller's reusable facts object.</summary>
        public delegate void Parser(ReadOnlySpan<byte> json);

        /// <summary>
        /// JsonException: broken JSON (nesting past the reader's 64 levels included). InvalidOperationException:
        /// invalid UTF-8 inside a string. ArgumentException, FormatException, OverflowException: values the reader
        /// cannot convert. All are the data's fault.
        /// </summary>
        public static bool IsParseFailure(Exception ex)
            => ex is JsonException || ex is InvalidOperationException || ex is ArgumentException
               || ex is FormatException || ex is OverflowException;

        /// <summary>
        /// Parses the data; when that fails because of invalid UTF-8, parses it again with U+FFFD in place of the bad
        /// bytes (a delta is never dropped for one bad byte). Any other failure is recorded and false returned.
        /// </summary>
        public static bool TryParse(ReadOnlySpan<byte> data, ChatCompletion result, Parser parse)
        {
            Exception failure;
            try
            {
                parse(data);
                return true;
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                failure = ex;
            }

            if (Utf8Repair.TryRepair(data, out byte[] repaired))
            {
                try
                {
                    parse(repaired);
                    return true;
                }
                catch (Exception ex) when (IsParseFailure(ex))
                {
                    failure = ex;
                }
            }

            Record(result, failure);
            return false;
        }

        public static void Record(ChatCompletion result, Exception ex)
        {
            result.MalformedEventCount++;
            result.LastMalformedError = ex.GetType().Name + ": " + ex.Message;
        }
    }
}
