using System;
using System.IO;
using System.Text;

namespace VivgridPS.DesktopCheck
{
    /// <summary>The program's stdout: "section: text" lines, escaped so each fact stays on one line.</summary>
    public sealed class CheckOutput
    {
        private readonly TextWriter _writer;

        public CheckOutput(TextWriter writer)
        {
            _writer = writer;
        }

        /// <summary>Sections that threw; their exception is a line too, so the comparison shows it.</summary>
        public int Failures { get; private set; }

        public void Line(string section, string text)
        {
            _writer.Write(section + ": " + text + "\n");
            _writer.Flush();
        }

        public void Section(string section, Action body)
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                Failures++;
                Line(section, "SECTION FAILED " + e.GetType().FullName + ": " + Escape(e.Message));
                Console.Error.WriteLine(e);
            }
        }

        /// <summary>Control characters and non-ASCII as \uXXXX, so the line compares byte for byte whatever the console encoding.</summary>
        public static string Escape(string? text)
        {
            if (text is null) return "(null)";
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (c == '\\') builder.Append("\\\\");
                else if (c < 0x20 || c > 0x7e) builder.Append("\\u").Append(((int)c).ToString("x4"));
                else builder.Append(c);
            }

            return builder.ToString();
        }
    }
}
