using System.IO;

namespace VivgridPS.Core.Http
{
    /// <summary>
    /// The base of the forward-only read views over another stream (<see cref="IdleTimeoutStream"/>,
    /// Streaming.BoundedEventStream over a response body; the -Chunk sources' length-limited and non-closing views of
    /// a file): the subclass reads from <see cref="Inner"/>. Whether disposing the view disposes the inner stream is
    /// the subclass's call.
    /// </summary>
    public abstract class ReadOnlyStreamView : ForwardOnlyReadStream
    {
        protected ReadOnlyStreamView(Stream inner)
        {
            Inner = inner;
        }

        protected Stream Inner { get; }
    }
}
