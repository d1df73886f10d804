using JobPipeline.Jobs;
using Microsoft.Extensions.Options;

namespace JobPipeline.Engine;

/// <summary>
/// This instance's count of running jobs per tenant, so that no tenant holds more than
/// <see cref="JobPipelineOptions.MaxRunningJobsPerTenant"/> of its workers: the start step reserves a slot (or defers
/// the job, costing no storage call), the process step holds it while the processor runs. In memory, so the cap
/// is per instance. A reservation that no process step takes up lapses after <see cref="ReservationLifetime"/>: the
/// Durable engine may run a job's process activity on another instance than its start activity.
/// </summary>
internal sealed class TenantJobSlots(IOptions<JobPipelineOptions> options, TimeProvider time)
{
    /// <summary>How long a reserved slot waits for its job's process step before it is free again.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(30);

    private readonly int _cap = options.Value.MaxRunningJobsPerTenant;
    private readonly Dictionary<string, Dictionary<string, Slot>> _byTenant = new(StringComparer.Ordinal);

    /// <summary>
    /// Reserves a slot of the job's tenant for it; false when the tenant already runs (or has reserved) its cap of jobs
    /// here. A job that already holds a slot keeps it.
    /// </summary>
    public bool TryReserve(JobRef job)
    {
        lock (_byTenant)
        {
            Dictionary<string, Slot> slots = SlotsOf(job.Tenant);
            if (slots.ContainsKey(job.JobId))
            {
                return true;
            }

            DateTimeOffset now = time.GetUtcNow();
            if (slots.Count >= _cap)
            {
                foreach ((string jobId, Slot slot) in slots)
                {
                    if (slot.Holds == 0 && slot.ReservedUntil <= now)
                    {
                        slots.Remove(jobId);
                    }
                }
            }

            if (slots.Count >= _cap)
            {
                return false;
            }

            slots[job.JobId] = new Slot { ReservedUntil = now + ReservationLifetime };
            return true;
        }
    }

    /// <summary>
    /// Holds the job's slot while its processor runs (taking it up even past the cap: the job has started); dispose
    /// the result to free it.
    /// </summary>
    public IDisposable Hold(JobRef job)
    {
        lock (_byTenant)
        {
            Dictionary<string, Slot> slots = SlotsOf(job.Tenant);
            if (!slots.TryGetValue(job.JobId, out Slot? slot))
            {
                slots[job.JobId] = slot = new Slot();
            }

            slot.Holds++;
            return new Holding(this, job, slot);
        }
    }

    /// <summary>Frees a reserved slot that will not be held (the job did not proceed).</summary>
    public void Release(JobRef job)
    {
        lock (_byTenant)
        {
            if (_byTenant.TryGetValue(job.Tenant, out Dictionary<string, Slot>? slots)
                && slots.TryGetValue(job.JobId, out Slot? slot)
                && slot.Holds == 0)
            {
                Remove(job, slots);
            }
        }
    }

    /// <summary>How many slots the tenant's jobs take here now (held or reserved).</summary>
    public int InUse(string tenant)
    {
        lock (_byTenant)
        {
            return _byTenant.TryGetValue(tenant, out Dictionary<string, Slot>? slots) ? slots.Count : 0;
        }
    }

    private Dictionary<string, Slot> SlotsOf(string tenant)
    {
        if (!_byTenant.TryGetValue(tenant, out Dictionary<string, Slot>? slots))
        {
            _byTenant[tenant] = slots = new Dictionary<string, Slot>(StringComparer.Ordinal);
        }

        return slots;
    }

    private void Remove(JobRef job, Dictionary<string, Slot> slots)
    {
        slots.Remove(job.JobId);
        if (slots.Count == 0)
        {
            _byTenant.Remove(job.Tenant);
        }
    }

    private void Unhold(JobRef job, Slot slot)
    {
        lock (_byTenant)
        {
            if (--slot.Holds == 0 && _byTenant.TryGetValue(job.Tenant, out Dictionary<string, Slot>? slots)
                && slots.TryGetValue(job.JobId, out Slot? current) && ReferenceEquals(current, slot))
            {
                Remove(job, slots);
            }
        }
    }

    private sealed class Slot
    {
        public int Holds { get; set; }

        public DateTimeOffset ReservedUntil { get; init; }
    }

    private sealed class Holding(TenantJobSlots owner, JobRef job, Slot slot) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unhold(job, slot);
            }
        }
    }
}
