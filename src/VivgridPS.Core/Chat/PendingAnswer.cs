using System.Threading;
using System.Threading.Tasks;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// A question the core asks the pipeline thread (run these tools; may the next round be sent?) and awaits, so
    /// tools and ShouldProcess stay on the thread PowerShell wants them on.
    /// </summary>
    public sealed class PendingAnswer<T>
    {
        // Asynchronous continuations: the pipeline thread that answers must not go on to run the next round itself.
        private readonly TaskCompletionSource<T> _answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Give(T value) => _answer.TrySetResult(value);

        internal async Task<T> WaitAsync(CancellationToken cancellationToken)
        {
            using (cancellationToken.Register(() => _answer.TrySetCanceled(cancellationToken)))
            {
                return await _answer.Task.ConfigureAwait(false);
            }
        }
    }
}
