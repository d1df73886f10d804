using JobPipeline.Jobs;
using JobPipeline.Storage;

namespace JobPipeline.Engine;

/// <summary>
/// Carries a running processor's progress to the projection at a bounded rate, and watches the row while the job
/// runs: when it is no longer <c>processing</c> (canceled or deleted, here or by another instance) it cancels the run.
/// </summary>
internal sealed class ProjectionProgress : IProgress<int>, IAsyncDisposable
{
    private readonly JobTable _jobs;
    private readonly JobRef _job;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _run;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _latest;
    private int _written;

    public ProjectionProgress(JobTable jobs, JobRef job, TimeProvider time, CancellationTokenSource run, TimeSpan interval)
    {
        _jobs = jobs;
        _job = job;
        _time = time;
        _run = run;
        _loop = Task.Run(() => WatchAsync(interval));
    }

    public void Report(int value)
    {
        int clamped = Math.Clamp(value, 0, 99);
        int seen;
        do
        {
            seen = Volatile.Read(ref _latest);
            if (clamped <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _latest, clamped, seen) != seen);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task WatchAsync(TimeSpan interval)
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(interval, _time, _stop.Token);
            try
            {
                int latest = Volatile.Read(ref _latest);
                (JobRecord? row, _) = await _jobs.TransitionAsync(
                    _job,
                    current => current.Status == JobStatus.Processing && latest > current.Progress
                        ? current with { Progress = latest, UpdatedAt = _time.GetUtcNow() }
                        : null,
                    _stop.Token);
                _written = Math.Max(_written, latest);
                if (row is null || row.Status != JobStatus.Processing)
                {
                    await _run.CancelAsync();
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Progress is a hint: a failed write must not fail the job; the next tick tries again.
            }
        }
    }
}
