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
                    result.Add(Create(Lookup(dictionary, "role"), Lookup(dictionary, "content"), Lookup(dictionary, "tool_call_id") ?? Lookup(dictionary, "ToolCallId"), item));
                    return;
                case string:
                    throw Invalid(item, "a plain string has no role");
            }
            var wrapped = PSObject.AsPSObject(item);
            result.Add(Create(wrapped.Properties["Role"]?.Value?.ToString(), wrapped.Properties["Content"]?.Value?.ToString(),
                wrapped.Properties["ToolCallId"]?.Value?.ToString(), item));
        }

        private static string? Lookup(IDictionary dictionary, string key)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase)) return entry.Value?.ToString();
            }
            return null;
        }

        private static VivgridPS.ChatMessage Create(string? role, string? content, string? toolCallId, object? source)
        {
            if (role is null || !Roles.Contains(role)) throw Invalid(source, $"role '{role}' is not one of system, developer, user, assistant, tool");
            return new VivgridPS.ChatMessage(role.ToLowerInvariant(), content) { ToolCallId = toolCallId };
        }

        private static VivgridException Invalid(object? item, string why) =>
            new VivgridException(VivgridErrorId.InvalidArgument, VivgridErrorKind.InvalidArgument,
                $"A -Messages entry is not a chat message: {why}.",
                "Pass a previous result's .Messages, or hashtables like @{ role = 'user'; content = 'Hello' }.") { Target = item };
    }
}
