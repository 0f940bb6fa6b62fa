using System.Net.Http;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Http
{
    /// <summary>The result of one HTTP attempt: a successful response, or the typed failure.</summary>
    public readonly struct AttemptOutcome
    {
        public AttemptOutcome(HttpResponseMessage? response, VivgridException? failure)
        {
            Response = response;
            Failure = failure;
        }

        public HttpResponseMessage? Response { get; }
        public VivgridException? Failure { get; }
    }
}
