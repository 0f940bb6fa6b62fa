namespace VivgridPS.Core.Http
{
    /// <summary>
    /// What a server can make the module hold in memory for one call. A hostile or broken server can send a line that
    /// never ends or a body that never stops; past a cap the call fails with ResponseTooLarge and keeps the text so far.
    /// The defaults are far above any real answer (128k output tokens is about 0.5 MB of text).
    /// </summary>
    public sealed class ResponseLimits
    {
        /// <summary>16 MiB: the largest real event (Responses' response.completed, which repeats the whole answer) is a few MB at most.</summary>
        public const int DefaultMaxEventBytes = 16 * 1024 * 1024;
        /// <summary>32 MiB for a whole non-streamed JSON body.</summary>
        public const int DefaultMaxBodyBytes = 32 * 1024 * 1024;
        /// <summary>32 Mi characters of answer text (content, reasoning, refusal and tool arguments together).</summary>
        public const int DefaultMaxAnswerChars = 32 * 1024 * 1024;

        public static ResponseLimits Default { get; } = new ResponseLimits();

        public ResponseLimits(int maxEventBytes = DefaultMaxEventBytes, int maxBodyBytes = DefaultMaxBodyBytes,
            int maxAnswerChars = DefaultMaxAnswerChars)
        {
            MaxEventBytes = maxEventBytes;
            MaxBodyBytes = maxBodyBytes;
            MaxAnswerChars = maxAnswerChars;
        }

        /// <summary>Bytes of one server-sent event (all its lines, line ends not counted).</summary>
        public int MaxEventBytes { get; }
        /// <summary>Bytes of one non-streamed response body.</summary>
        public int MaxBodyBytes { get; }
        /// <summary>Characters of one answer: content, reasoning, refusal and tool-call arguments together.</summary>
        public int MaxAnswerChars { get; }
    }
}
