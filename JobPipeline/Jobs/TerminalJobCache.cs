using System.Collections.Concurrent;

namespace JobPipeline.Jobs;

/// <summary>
/// Terminal jobs do not change until retention expires them, so their rows are served from memory for a short
/// while after the first read. Entries end at the earlier of <see cref="Lifetime"/> and the job's expiry, and
/// are dropped at once by a cancel or delete handled in this process. Bounded in size.
/// </summary>
internal sealed class TerminalJobCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Tenant, string JobId), (JobRecord Job, DateTimeOffset Until)> _entries = new();

    /// <summary>How long an entry is served; also the longest another instance's delete can go unseen here.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most entries held; past it the cache is cleared.</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>A cached terminal row, if one is fresh.</summary>
    public bool TryGet(JobRef job, out JobRecord? record)
    {
        if (_entries.TryGetValue((job.Tenant, job.JobId), out (JobRecord Job, DateTimeOffset Until) entry) && entry.Until > time.GetUtcNow())
        {
            record = entry.Job;
            return true;
        }

        record = null;
        return false;
    }

    /// <summary>Caches a row if it is terminal.</summary>
    public void Offer(JobRecord job)
    {
        if (!job.Status.IsTerminal())
        {
            return;
        }

        DateTimeOffset until = time.GetUtcNow() + Lifetime;
        if (job.Status != JobStatus.Expired && job.ExpiresAt is { } expiresAt && expiresAt < until)
        {
            until = expiresAt;
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[(job.Tenant, job.JobId)] = (job, until);
    }

    /// <summary>Forgets a job (after a change this process made).</summary>
    public void Remove(JobRef job) => _entries.TryRemove((job.Tenant, job.JobId), out _);
}
