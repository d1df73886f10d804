namespace JobPipeline.Server.Engine;

/// <summary>
/// Wakes an idle worker the moment this instance enqueues a job, so a job submitted here never waits for the next
/// idle poll (jobs enqueued by other instances are found by polling).
/// </summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Says that work is waiting.</summary>
    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for a signal or the timeout; true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
