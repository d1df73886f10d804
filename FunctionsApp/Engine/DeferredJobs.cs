using JobPipeline.Jobs;

namespace FunctionsApp.Engine;

/// <summary>
/// The jobs whose start this instance deferred because their tenant ran its cap of jobs here, oldest first per tenant,
/// so that a job of the tenant that ends here can wake the one that has waited longest
/// (<see cref="DurableEngineOptions.WakeDeferred"/>), as the queue engine wakes its oldest deferred message. In memory
/// and per instance, like the slots it mirrors; a hint only: the deferred orchestration's durable timer stays its
/// fallback for a job forgotten here (another instance, a restart).
/// </summary>
/// <remarks>
/// Bounded: an entry lapses after <see cref="Lifetime"/> (a deferred orchestration tries its start again within 5 s,
/// which takes it off the list and, when it is deferred again, puts it back with a new time), and at most
/// <see cref="Capacity"/> entries are kept, the oldest dropped first.
/// </remarks>
public sealed class DeferredJobs(TimeProvider time)
{
    /// <summary>How long an entry is a candidate for a wake-up.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The most entries kept over all tenants.</summary>
    public const int Capacity = 4096;

    private readonly Dictionary<string, LinkedList<Entry>> _byTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LinkedListNode<Entry> InTenant, LinkedListNode<Entry> InAll)> _byJob = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _all = new();

    /// <summary>How many jobs are on the list.</summary>
    public int Count
    {
        get
        {
            lock (_byJob)
            {
                return _byJob.Count;
            }
        }
    }

    /// <summary>Puts a job whose start was just deferred at the end of its tenant's list (moving it there if it was on it).</summary>
    public void Add(JobRef job)
    {
        lock (_byJob)
        {
            RemoveLocked(job.JobId);
            if (_all.Count >= Capacity && _all.First is { } oldest)
            {
                RemoveLocked(oldest.Value.Job.JobId);
            }

            var entry = new Entry(job, time.GetUtcNow());
            if (!_byTenant.TryGetValue(job.Tenant, out LinkedList<Entry>? waiting))
            {
                _byTenant[job.Tenant] = waiting = new LinkedList<Entry>();
            }

            _byJob[job.JobId] = (waiting.AddLast(entry), _all.AddLast(entry));
        }
    }

    /// <summary>Takes a job off the list (its start runs now).</summary>
    public void Remove(JobRef job)
    {
        lock (_byJob)
        {
            RemoveLocked(job.JobId);
        }
    }

    /// <summary>
    /// Takes the tenant's job that has waited longest off the list and returns its id; null when none waits (entries
    /// older than <see cref="Lifetime"/> are dropped on the way).
    /// </summary>
    public string? TakeOldest(string tenant)
    {
        lock (_byJob)
        {
            DateTimeOffset now = time.GetUtcNow();
            while (_byTenant.TryGetValue(tenant, out LinkedList<Entry>? waiting) && waiting.First is { } first)
            {
                RemoveLocked(first.Value.Job.JobId);
                if (now - first.Value.Since < Lifetime)
                {
                    return first.Value.Job.JobId;
                }
            }

            return null;
        }
    }

    private void RemoveLocked(string jobId)
    {
        if (!_byJob.Remove(jobId, out (LinkedListNode<Entry> InTenant, LinkedListNode<Entry> InAll) nodes))
        {
            return;
        }

        LinkedList<Entry> waiting = nodes.InTenant.List!;
        waiting.Remove(nodes.InTenant);
        if (waiting.Count == 0)
        {
            _byTenant.Remove(nodes.InTenant.Value.Job.Tenant);
        }

        _all.Remove(nodes.InAll);
    }

    private sealed record Entry(JobRef Job, DateTimeOffset Since);
}
