namespace VivgridPS.Core.Errors
{
    /// <summary>
    /// The service's own words about a failure: the OpenAI envelope {"error":{message,type,param,code}},
    /// or the raw body when it was not JSON (an HTML page from a proxy, say).
    /// </summary>
    public sealed class ApiError
    {
        public int? HttpStatus { get; set; }
        public string? Type { get; set; }
        /// <summary>error.code as text; some providers send a number (OpenRouter sends 429).</summary>
        public string? Code { get; set; }
        public string? Message { get; set; }
        public string? Param { get; set; }
        /// <summary>The body as received (truncated), kept when it was not a JSON error envelope.</summary>
        public string? RawBody { get; set; }
        public string? RequestId { get; set; }

        public override string ToString() => Message ?? RawBody ?? Type ?? Code ?? "(no details)";
    }
}
