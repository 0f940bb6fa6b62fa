using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using VivgridPS.Core.Chat;
using VivgridPS.Core.Input;
using VivgridPS.Json;

namespace VivgridPS.Chat
{
    /// <summary>
    /// Applies the pipeline rules of SPEC §2 to each input object: strings and plain objects are collected into
    /// one request; files, template rows and -Each items become one request each.
    /// </summary>
    internal sealed class ChatInputCollector
    {
        private readonly string? _prompt;
        private readonly PromptTemplate? _template;
        private readonly bool _each;
        private StringBuilder? _text;
        private readonly List<PSObject> _objects = new List<PSObject>();

        public ChatInputCollector(string? prompt, bool each)
        {
            _prompt = prompt;
            _template = PromptTemplate.TryParse(prompt);
            _each = each;
        }

        public bool HasCollected => _text != null || _objects.Count > 0;
        /// <summary>The prompt has {{placeholders}}: one request per input object, none without input.</summary>
        public bool HasTemplate => _template != null;
        public int ItemsSeen { get; private set; }

        /// <summary>Returns a request to send now for per-item input, or null when the input was collected.</summary>
        public ChatWorkItem? Add(object? input)
        {
            if (input is null) return null;
            ItemsSeen++;
            var ps = input as PSObject ?? PSObject.AsPSObject(input);
            var baseObject = ps.BaseObject;
            if (baseObject is FileInfo file) return FromFile(file);
            var label = "item " + ItemsSeen.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_template != null) return new ChatWorkItem { Instruction = FillTemplate(ps), Source = input, LedgerSource = label };
            if (_each)
            {
                var material = baseObject is string s ? s : PSObjectJsonWriter.ToJson(ps);
                return new ChatWorkItem { Instruction = _prompt, Material = material, Source = input, LedgerSource = label };
            }
            if (baseObject is string line)
            {
                // Rule 1: lines from Get-Content are one document, newline-joined exactly as received. The
                // instruction goes in first so the final user text is built once (a 1.6 MB prompt is not copied
                // again to put the instruction in front).
                if (_text is null) _text = StartText();
                else _text.Append('\n');
                _text.Append(line);
            }
            else
            {
                _objects.Add(ps);
            }
            return null;
        }

        /// <summary>The collected material as one request (rules 1 and 4), or null when nothing was collected.</summary>
        public ChatWorkItem? TakeCollected()
        {
            if (!HasCollected) return null;
            var text = _text ?? StartText();
            if (_objects.Count > 0)
            {
                if (_text != null) text.Append("\n\n");
                text.Append(ObjectTextRenderer.Render(_objects));
            }
            _text = null;
            _objects.Clear();
            return new ChatWorkItem { Text = text.ToString() };
        }

        /// <summary>The user text starts with the instruction, then a blank line, as <see cref="ChatWorkItem.UserText"/> joins them.</summary>
        private StringBuilder StartText()
        {
            var text = new StringBuilder();
            if (!string.IsNullOrEmpty(_prompt)) text.Append(_prompt).Append("\n\n");
            return text;
        }

        private ChatWorkItem FromFile(FileInfo file)
        {
            var path = file.FullName;
            if (AttachmentLoader.IsAttachmentPath(path))
            {
                return new ChatWorkItem
                {
                    Instruction = _template is null ? _prompt : FillTemplate(PSObject.AsPSObject(file)),
                    Attachments = new[] { AttachmentLoader.Load(path) },
                    Source = path,
                    LedgerSource = path,
                };
            }
            // The instruction is decoded into the same string as the file's text (as UserText would join them), so a
            // big file is not also held as bytes and as a separate text string (TextFileDecoder).
            var instruction = _template is null ? _prompt : FillTemplate(PSObject.AsPSObject(file));
            var prefix = string.IsNullOrEmpty(instruction) ? string.Empty : instruction + "\n\n";
            var text = TextFileReader.Read(path, prefix);
            if (text.Length == prefix.Length)
            {
                // No input, no request: the instruction alone would be answered with invented content.
                throw new VivgridPS.Core.Errors.VivgridException(VivgridPS.Core.Errors.VivgridErrorId.InvalidInputFile,
                    VivgridPS.Core.Errors.VivgridErrorKind.InvalidData,
                    "The file '" + path + "' is empty, so nothing was sent for it.",
                    "Check the file; the other piped files are still processed.") { Target = path };
            }
            return new ChatWorkItem { Instruction = instruction, Text = text, Source = path, LedgerSource = path };
        }

        private string FillTemplate(PSObject input)
        {
            return _template!.Fill(
                (string name, out string? value) =>
                {
                    if (name == "_")
                    {
                        value = input.BaseObject is string s ? s : PSObjectJsonWriter.ToJson(input);
                        return true;
                    }
                    var property = input.Properties[name];
                    if (property is null)
                    {
                        value = null;
                        return false;
                    }
                    value = ValueText(property.Value);
                    return true;
                },
                () => input.Properties.Select(p => p.Name));
        }

        private static string? ValueText(object? value)
        {
            var baseValue = value is PSObject ps ? ps.BaseObject : value;
            return baseValue switch
            {
                null => string.Empty,
                string s => s,
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                System.Collections.IEnumerable => PSObjectJsonWriter.ToJson(value),
                _ => baseValue.ToString(),
            };
        }
    }
}
