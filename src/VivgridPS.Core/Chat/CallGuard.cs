using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VivgridPS.Core.Errors;

namespace VivgridPS.Core.Chat
{
    /// <summary>
    /// Tells the three ways an await can be cut short apart: the user pressed Ctrl+C (rethrown as is), the
    /// whole-call -TimeoutSec ran out (a Timeout error), or the stream failed (a typed, possibly transient error).
    /// Async iterators cannot yield inside try/catch, so ChatRunner routes its awaits through here.
    /// </summary>
    internal sealed class CallGuard
    {
        private readonly CancellationTokenSource _call;
        private readonly CancellationToken _user;
        private readonly TimeSpan? _timeout;

        public CallGuard(CancellationTokenSource call, CancellationToken user, TimeSpan? timeout)
        {
            _call = call;
            _user = user;
            _timeout = timeout;
        }

        public async Task<T> Run<T>(Func<Task<T>> action)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_user.IsCancellationRequested && _call.IsCancellationRequested)
            {
                throw WholeCallTimeout();
            }
            catch (VivgridException) when (!_user.IsCancellationRequested && _call.IsCancellationRequested)
            {
                throw WholeCallTimeout();
            }
            catch (Exception e) when (_user.IsCancellationRequested && !(e is OperationCanceledException))
            {
                throw Canceled(e);
            }
        }

        public async Task<StreamStep> TryMoveNext(IAsyncEnumerator<string> deltas)
        {
            try
            {
                return new StreamStep(await deltas.MoveNextAsync().ConfigureAwait(false), null);
            }
            catch (OperationCanceledException) when (_user.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (_user.IsCancellationRequested)
            {
                // Ctrl+C that surfaced as a broken read (the response was disposed under the reader) is still Ctrl+C,
                // not a whole-call timeout: the user must see a cancel, not "raise -TimeoutSec".
                throw Canceled(e);
            }
            catch (Exception) when (_call.IsCancellationRequested)
            {
                return new StreamStep(false, WholeCallTimeout());
            }
            catch (VivgridException e)
            {
                // A stream that breaks or stalls before any text is as retryable as a refused connection; an answer that
                // is too large or malformed is not (the same request would get, and pay for, the same answer).
                return new StreamStep(false, ResponseFaults.IsContentFault(e) ? e : e.AsTransient());
            }
            catch (Exception e) when (e is System.IO.IOException || e is System.Net.Http.HttpRequestException || e is ObjectDisposedException)
            {
                return new StreamStep(false, new VivgridException(VivgridErrorId.StreamInterrupted, VivgridErrorKind.ConnectionError,
                    "The connection broke while the answer was streaming: " + e.Message,
                    "Retry the call.", inner: null) { IsTransient = true });
            }
        }

        private OperationCanceledException Canceled(Exception cause) =>
            new OperationCanceledException("The call was canceled.", cause, _user);

        private VivgridException WholeCallTimeout() =>
            new VivgridException(VivgridErrorId.Timeout, VivgridErrorKind.Timeout,
                $"The call did not finish within -TimeoutSec {_timeout?.TotalSeconds:0.###}.",
                "Raise -TimeoutSec, lower -MaxOutputTokens, or use a faster model.");
    }
}
