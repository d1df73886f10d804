using System.Collections.Concurrent;
using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>
/// The cancellation sources of the jobs this process is running, so a cancel or delete handled here stops the
/// processor at once (jobs running elsewhere notice at their next projection check).
/// </summary>
internal sealed class JobCancellations
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();

    /// <summary>Registers a running job; dispose the result when it stops running.</summary>
    public IDisposable Register(string jobId, CancellationTokenSource source)
    {
        _running[jobId] = source;
        return new Registration(this, jobId, source);
    }

    /// <summary>Cancels the job if it runs in this process; false if it does not.</summary>
    public bool Cancel(string jobId)
    {
        if (_running.TryGetValue(jobId, out CancellationTokenSource? source))
        {
            try
            {
                source.Cancel();
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        return false;
    }

    private sealed class Registration(JobCancellations owner, string jobId, CancellationTokenSource source) : IDisposable
    {
        public void Dispose() => owner._running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(jobId, source));
    }
}
