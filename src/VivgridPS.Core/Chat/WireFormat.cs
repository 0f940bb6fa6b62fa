namespace VivgridPS.Core.Chat
{
    /// <summary>How a streamed Chat Completions answer travels on the wire.</summary>
    public enum WireFormat
    {
        /// <summary>OpenAI's server-sent events (data: {chunk}, data: [DONE]).</summary>
        OpenAI,
        /// <summary>
        /// Vivgrid's compact stream (request header X-Response-Format: vivgrid): c:/g:/f:/r:/m:/u:/p: frames, which also
        /// name the model behind "managed" and show the tools Vivgrid ran on its servers (VIVGRID-API.md §2).
        /// </summary>
        Vivgrid,
    }
}
