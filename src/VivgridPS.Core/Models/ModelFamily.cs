using System;

namespace VivgridPS.Core.Models
{
    /// <summary>What an id alone says about a model the catalog does not know: its family decides the endpoint.</summary>
    public static class ModelFamily
    {
        /// <summary>
        /// responses for codex ids (OpenAI serves every codex model through the Responses API only; chat/completions
        /// answers "This model is only supported in v1/responses"), chat for everything else.
        /// </summary>
        public static string ApiOf(string id) =>
            id.IndexOf("codex", StringComparison.OrdinalIgnoreCase) >= 0 ? "responses" : "chat";
    }
}
