using System.Collections.Concurrent;
using JobPipeline.Jobs;

namespace JobPipeline.Storage;

/// <summary>
/// The job rows this instance's submitter is about to insert: it tells the engine before it writes the row (by design),
/// so this instance's own worker can meet a job whose row is not there yet. Rather than read (and miss) the row, the
/// start of such a job waits for the insert. An entry lives from just before the engine is told until the insert has
/// ended, whichever way (written, failed, canceled): the submitter removes it in a <c>finally</c>, so a waiter never
/// waits longer than the insert itself, and its own bound besides. Other instances know nothing of it and read as before.
/// </summary>
internal sealed class InsertsInFlight
{
    private readonly ConcurrentDictionary<(string Tenant, string JobId), TaskCompletionSource> _inserts = new();
    private int _awaited;

    /// <summary>How many starts found an insert in flight and waited for it (for tests).</summary>
    internal int Awaited => Volatile.Read(ref _awaited);

    /// <summary>How many inserts are in flight now (for tests: none is left behind).</summary>
    internal int Count => _inserts.Count;

    /// <summary>Announces the insert of <paramref name="job"/>'s row; disposing the answer ends it (after the insert, whatever its outcome).</summary>
    public IDisposable Announce(JobRef job)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (string, string) key = (job.Tenant, job.JobId);
        return _inserts.TryAdd(key, done) ? new Ended(this, key, done) : NothingToEnd.Instance;
    }

    /// <summary>
    /// Waits until the insert of <paramref name="job"/>'s row on this instance has ended, at most <paramref name="bound"/>;
    /// answers at once when none is in flight. Whether the row was written is for the caller to find out, as before.
    /// </summary>
    public async Task WaitAsync(JobRef job, TimeSpan bound, CancellationToken cancellationToken = default)
    {
        if (!_inserts.TryGetValue((job.Tenant, job.JobId), out TaskCompletionSource? done))
        {
            return;
        }

        Interlocked.Increment(ref _awaited);
        try
        {
            await done.Task.WaitAsync(bound, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The insert is slow beyond the bound: the start looks for the row as it would have without waiting.
        }
    }

    private sealed class Ended(InsertsInFlight owner, (string, string) key, TaskCompletionSource done) : IDisposable
    {
        public void Dispose()
        {
            owner._inserts.TryRemove(new KeyValuePair<(string, string), TaskCompletionSource>(key, done));
            done.TrySetResult();
        }
    }

    private sealed class NothingToEnd : IDisposable
    {
        public static NothingToEnd Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
