using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using VivgridPS.Json;

namespace VivgridPS.Chat
{
    /// <summary>
    /// Renders collected objects (pipeline rule 4) as compact text a model reads well: CSV when every object has
    /// the same scalar properties (Import-Csv rows, Get-Service output) — the header is paid for once — else one
    /// JSON object per line.
    /// </summary>
    internal static class ObjectTextRenderer
    {
        public static string Render(IReadOnlyList<PSObject> objects)
        {
            var names = PropertyNames(objects[0]);
            var uniform = names.Length > 0 && objects.All(o => PropertyNames(o).SequenceEqual(names) && AllScalar(o));
            return uniform ? RenderCsv(objects, names) : RenderJsonLines(objects);
        }

        private static string[] PropertyNames(PSObject o) =>
            o.BaseObject is string ? Array.Empty<string>() : o.Properties.Where(p => p.IsGettable).Select(p => p.Name).ToArray();

        private static bool AllScalar(PSObject o) =>
            o.Properties.Where(p => p.IsGettable).All(p => IsScalar(PropertyReader.ValueOrNull(p)));

        private static bool IsScalar(object? value)
        {
            var v = value is PSObject ps ? ps.BaseObject : value;
            return v is null || v is string || v is ValueType || v is Uri || v is Version;
        }

        private static string RenderCsv(IReadOnlyList<PSObject> objects, string[] names)
        {
            var text = new StringBuilder();
            text.AppendLine(string.Join(",", names.Select(Quote)));
            foreach (var o in objects)
            {
                text.AppendLine(string.Join(",", names.Select(n => Quote(Format(PropertyReader.ValueOrNull(o.Properties[n]))))));
            }
            return text.ToString().TrimEnd('\r', '\n');
        }

        private static string RenderJsonLines(IReadOnlyList<PSObject> objects) =>
            string.Join("\n", objects.Select(o => o.BaseObject is string s ? s : PSObjectJsonWriter.ToJson(o, maxDepth: 3)));

        private static string Format(object? value)
        {
            var v = value is PSObject ps ? ps.BaseObject : value;
            return v switch
            {
                null => string.Empty,
                DateTime dt => dt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => v.ToString() ?? string.Empty,
            };
        }

        private static string Quote(string field) =>
            field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }
}
