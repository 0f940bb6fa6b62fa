using System.Text;
using System.Text.Json;

namespace VivgridEmulator;

/// <summary>Reads the text of a message's <c>content</c> (string or array of parts) for both APIs.</summary>
internal static class MessageContentReader
{
    /// <summary>Returns the joined text parts; <paramref name="nonTextParts"/> counts images, files and audio.</summary>
    public static string ReadText(JsonElement content, out int nonTextParts)
    {
        nonTextParts = 0;
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (JsonElement part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                AppendLine(text, part.GetString());
            }
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.String)
            {
                AppendLine(text, t.GetString());
            }
            else
            {
                nonTextParts++;
            }
        }

        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, string? line)
    {
        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(line);
    }
}
