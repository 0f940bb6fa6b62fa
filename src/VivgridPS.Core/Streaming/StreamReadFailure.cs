using System;
using System.IO;
using System.Threading;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Streaming
{
    /// <summary>
    /// What a failed read of a streamed answer becomes, the same for every wire format. What had arrived stays on the
    /// accumulator either way, and its owner makes the partial result.
    /// </summary>
    internal static class StreamReadFailure
    {
        /// <summary>A stalled body (Http.IdleTimeoutStream's timer) or a broken connection; anything else passes as is.</summary>
        public static bool Applies(Exception ex) =>
            ex is IOException || ex is VivgridException { ErrorId: VivgridErrorId.Timeout };

        /// <summary>The stall, transient; a broken connection as StreamInterrupted, transient.</summary>
        /// <exception cref="OperationCanceledException">
        /// The caller cancelled: some transports report a cancel as a broken connection, and the cancel is what happened.
        /// </exception>
        public static VivgridException Translate(Exception ex, CancellationToken ct)
        {
            if (ex is VivgridException stalled) return stalled.AsTransient();
            ct.ThrowIfCancellationRequested();
            return new VivgridException(VivgridErrorId.StreamInterrupted, VivgridErrorKind.ConnectionError,
                "The connection broke while the answer was streaming: " + ex.Message,
                "Retry the request.", apiError: null, inner: ex)
            {
                IsTransient = true,
            };
        }
    }
}
