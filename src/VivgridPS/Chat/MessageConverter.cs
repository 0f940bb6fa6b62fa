using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using VivgridPS.Core.Errors;

namespace VivgridPS.Chat
{
    /// <summary>
    /// Accepts a prior conversation the ways a PowerShell user has one: a result's .Messages, a whole ChatResult,
    /// hashtables @{ role='user'; content='...' }, or any object with Role and Content properties.
    /// </summary>
    internal static class MessageConverter
    {
        private static readonly HashSet<string> Roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "system", "developer", "user", "assistant", "tool",
        };

        public static List<VivgridPS.ChatMessage> Convert(object[]? messages)
        {
            var result = new List<VivgridPS.ChatMessage>();
            if (messages is null) return result;
            foreach (var item in messages) Add(result, item);
            return result;
        }

        private static void Add(List<VivgridPS.ChatMessage> result, object? item)
        {
            var value = item is PSObject ps ? ps.BaseObject : item;
            switch (value)
            {
                case null:
                    return;
                case VivgridPS.ChatMessage message:
                    result.Add(message);
                    return;
                case VivgridPS.ChatResult previous:
                    result.AddRange(previous.Messages);
                    return;
                case IDictionary dictionary:
                    result.Add(Create(Text(Lookup(dictionary, "role")), Lookup(dictionary, "content"), HasKey(dictionary, "content"),
                        Text(Lookup(dictionary, "tool_call_id") ?? Lookup(dictionary, "ToolCallId")), item, result.Count));
                    return;
                case string:
                    throw Invalid(item, "a plain string has no role");
            }
            var wrapped = PSObject.AsPSObject(item);
            var content = wrapped.Properties["Content"];
            result.Add(Create(Text(wrapped.Properties["Role"]?.Value), content?.Value, content != null,
                Text(wrapped.Properties["ToolCallId"]?.Value), item, result.Count));
        }

        private static object? Lookup(IDictionary dictionary, string key)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase)) return entry.Value;
            }
            return null;
        }

        private static bool HasKey(IDictionary dictionary, string key)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private static string? Text(object? value) => (value is PSObject ps ? ps.BaseObject : value)?.ToString();

        private static VivgridPS.ChatMessage Create(string? role, object? content, bool hasContent, string? toolCallId, object? source, int index)
        {
            if (role is null || !Roles.Contains(role)) throw Invalid(source, $"role '{role}' is not one of system, developer, user, assistant, tool");
            var message = new VivgridPS.ChatMessage(role.ToLowerInvariant(), null) { ToolCallId = toolCallId };
            var where = $"-Messages entry {index + 1} ({message.Role})";
            var value = content is PSObject ps ? ps.BaseObject : content;
            switch (value)
            {
                case null:
                    // Sending null once went out as "content":null, which the service rejects after the call was made.
                    throw InvalidContent(source, hasContent ? $"{where} has content $null" : $"{where} has no content");
                case string text:
                    message.Content = text;
                    return message;
                case IEnumerable parts when !(value is IDictionary):
                    ReadParts(message, parts, where, source);
                    return message;
                default:
                    // A hashtable here once went out as "System.Collections.Hashtable": nobody meant that.
                    throw InvalidContent(source, $"{where} has content of type {value.GetType().Name}, which is neither a string nor a list of content parts");
            }
        }

        /// <summary>
        /// Content parts as the API writes them: @{type='text'; text='...'} (input_text too) become the text, in order;
        /// @{type='image_url'; image_url=@{url='data:...'}} an image attachment. Anything else is refused, not guessed.
        /// </summary>
        private static void ReadParts(VivgridPS.ChatMessage message, IEnumerable parts, string where, object? source)
        {
            var text = new System.Text.StringBuilder();
            var images = new List<VivgridPS.ChatAttachment>();
            var n = 0;
            foreach (var raw in parts)
            {
                n++;
                var part = PSObject.AsPSObject(raw);
                var fields = part.BaseObject as IDictionary;
                object? Field(string name) => fields != null ? Lookup(fields, name) : part.Properties[name]?.Value;
                var type = Text(Field("type"));
                if ((type == "text" || type == "input_text") && Text(Field("text")) is { } piece)
                {
                    if (text.Length > 0) text.Append('\n');
                    text.Append(piece);
                }
                else if (type == "image_url" && ImageUrl(Field("image_url")) is { } url)
                {
                    images.Add(new VivgridPS.ChatAttachment { Kind = "image", DataUri = url, FileName = "part" + n, MediaType = MediaTypeOf(url) });
                }
                else
                {
                    throw InvalidContent(source, $"{where} content part {n} is not a text part (@{{type='text'; text='...'}}) or an image part (@{{type='image_url'; image_url=@{{url='data:...'}}}})");
                }
            }
            if (n == 0) throw InvalidContent(source, $"{where} has an empty list of content parts");
            message.Content = text.ToString();
            if (images.Count > 0) message.Attachments = images.ToArray();
        }

        private static string? ImageUrl(object? value)
        {
            var inner = value is PSObject ps ? ps.BaseObject : value;
            var url = inner is IDictionary d ? Text(Lookup(d, "url")) : inner is string s ? s : Text(PSObject.AsPSObject(inner).Properties["url"]?.Value);
            return url != null && (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ? url : null;
        }

        private static string MediaTypeOf(string url)
        {
            if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return "image/*";
            var end = url.IndexOfAny(new[] { ';', ',' });
            return end > 5 ? url.Substring(5, end - 5) : "image/*";
        }

        private static VivgridException InvalidContent(object? item, string why) =>
            new VivgridException(VivgridErrorId.InvalidRequest, VivgridErrorKind.InvalidArgument,
                $"The request was not sent: {why}.",
                "Give each message a string content, e.g. @{ role = 'user'; content = 'Hello' }, or a list of parts @( @{ type = 'text'; text = 'Hello' } ).")
            { Target = item };

        private static VivgridException Invalid(object? item, string why) =>
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                $"A -Messages entry is not a chat message: {why}.",
                "Pass a previous result's .Messages, or hashtables like @{ role = 'user'; content = 'Hello' }.") { Target = item };
    }
}
