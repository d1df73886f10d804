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
/// <remarks>
/// A start may also wait a bounded time for a slot (<see cref="WaitReserveAsync"/>): the tenant's waiters form a queue,
/// oldest first, and a slot that is freed (released, its holding ended, its reservation lapsed) is handed to the oldest
/// waiter at once, so that no other caller takes it in between. A free slot is never left while its tenant has a
/// waiter: <see cref="TryReserve"/> only gets a slot that no waiter wants.
/// </remarks>
internal sealed class TenantJobSlots(IOptions<JobPipelineOptions> options, TimeProvider time)
{
    /// <summary>How long a reserved slot waits for its job's process step before it is free again.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(30);

    private readonly int _cap = options.Value.MaxRunningJobsPerTenant;
    private readonly Dictionary<string, Dictionary<string, Slot>> _byTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<Waiter>> _waitersByTenant = new(StringComparer.Ordinal);
    private int _waiting;

    /// <summary>
    /// Reserves a slot of the job's tenant for it; false when the tenant already runs (or has reserved) its cap of jobs
    /// here. A job that already holds a slot keeps it.
    /// </summary>
    public bool TryReserve(JobRef job)
    {
        lock (_byTenant)
        {
            return TryReserveLocked(job);
        }
    }

    /// <summary>
    /// Reserves a slot of the job's tenant for it, waiting up to <paramref name="wait"/> for one to be handed over when
    /// the tenant is at its cap here: true once the job has its slot, false when none came in time, or at once when
    /// <paramref name="maxWaiters"/> callers (all tenants together) wait already, so that waiting callers cannot take
    /// up all of a host's workers. Waiters of a tenant are served oldest first. Cancelled, the caller leaves the queue
    /// and a slot handed to it meanwhile goes on to the next waiter.
    /// </summary>
    public async Task<bool> WaitReserveAsync(JobRef job, TimeSpan wait, int maxWaiters, CancellationToken cancellationToken = default)
    {
        Waiter waiter;
        lock (_byTenant)
        {
            if (TryReserveLocked(job))
            {
                return true;
            }

            if (wait <= TimeSpan.Zero || _waiting >= maxWaiters)
            {
                return false;
            }

            waiter = new Waiter(job);
            if (!_waitersByTenant.TryGetValue(job.Tenant, out LinkedList<Waiter>? queue))
            {
                _waitersByTenant[job.Tenant] = queue = new LinkedList<Waiter>();
            }

            waiter.Node = queue.AddLast(waiter);
            _waiting++;
        }

        DateTimeOffset deadline = time.GetUtcNow() + wait;
        try
        {
            while (true)
            {
                // Wake at the deadline, or earlier when a reservation of the tenant lapses: no release announces that.
                TimeSpan until;
                lock (_byTenant)
                {
                    if (waiter.Handed.Task.IsCompleted)
                    {
                        return true;
                    }

                    DateTimeOffset now = time.GetUtcNow();
                    if (now >= deadline)
                    {
                        Leave(waiter);
                        return false;
                    }

                    DateTimeOffset wake = NextLapse(job.Tenant) is { } lapse && lapse < deadline ? lapse : deadline;
                    until = wake > now ? wake - now : TimeSpan.Zero;
                }

                try
                {
                    await waiter.Handed.Task.WaitAsync(until, time, cancellationToken);
                    return true;
                }
                catch (TimeoutException)
                {
                    lock (_byTenant)
                    {
                        if (_byTenant.TryGetValue(job.Tenant, out Dictionary<string, Slot>? slots))
                        {
                            FreeLapsedLocked(job.Tenant, slots, time.GetUtcNow());
                            RemoveIfEmpty(job.Tenant, slots);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            lock (_byTenant)
            {
                if (waiter.Handed.Task.IsCompleted)
                {
                    // The slot came as the caller gave up: the next waiter gets it.
                    ReleaseLocked(job);
                }
                else
                {
                    Leave(waiter);
                }
            }

            throw;
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
            ReleaseLocked(job);
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

    /// <summary>How many callers wait for a slot here now, all tenants together.</summary>
    public int Waiting
    {
        get
        {
            lock (_byTenant)
            {
                return _waiting;
            }
        }
    }

    private bool TryReserveLocked(JobRef job)
    {
        Dictionary<string, Slot> slots = SlotsOf(job.Tenant);
        if (slots.ContainsKey(job.JobId))
        {
            return true;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (slots.Count >= _cap)
        {
            // Lapsed reservations go to the tenant's waiters first.
            FreeLapsedLocked(job.Tenant, slots, now);
        }

        if (slots.Count >= _cap)
        {
            return false;
        }

        slots[job.JobId] = new Slot { ReservedUntil = now + ReservationLifetime };
        return true;
    }

    private void ReleaseLocked(JobRef job)
    {
        if (_byTenant.TryGetValue(job.Tenant, out Dictionary<string, Slot>? slots)
            && slots.TryGetValue(job.JobId, out Slot? slot)
            && slot.Holds == 0)
        {
            Remove(job, slots);
        }
    }

    private void FreeLapsedLocked(string tenant, Dictionary<string, Slot> slots, DateTimeOffset now)
    {
        foreach ((string jobId, Slot slot) in slots)
        {
            if (slot.Holds == 0 && slot.ReservedUntil <= now)
            {
                slots.Remove(jobId);
            }
        }

        HandOver(tenant, slots);
    }

    /// <summary>The soonest time a reservation of the tenant (not held) lapses; null when it has none.</summary>
    private DateTimeOffset? NextLapse(string tenant)
    {
        DateTimeOffset? soonest = null;
        if (_byTenant.TryGetValue(tenant, out Dictionary<string, Slot>? slots))
        {
            foreach (Slot slot in slots.Values)
            {
                if (slot.Holds == 0 && (soonest is null || slot.ReservedUntil < soonest))
                {
                    soonest = slot.ReservedUntil;
                }
            }
        }

        return soonest;
    }

    /// <summary>Gives the tenant's free slots to its oldest waiters (<paramref name="slots"/> is the tenant's entry of the map).</summary>
    private void HandOver(string tenant, Dictionary<string, Slot> slots)
    {
        if (_waitersByTenant.TryGetValue(tenant, out LinkedList<Waiter>? queue))
        {
            while (slots.Count < _cap && queue.First is { } oldest)
            {
                Leave(oldest.Value);
                slots.TryAdd(oldest.Value.Job.JobId, new Slot { ReservedUntil = time.GetUtcNow() + ReservationLifetime });
                oldest.Value.Handed.TrySetResult();
            }
        }
    }

    private void Leave(Waiter waiter)
    {
        if (waiter.Node?.List is { } queue)
        {
            queue.Remove(waiter.Node);
            _waiting--;
            if (queue.Count == 0)
            {
                _waitersByTenant.Remove(waiter.Job.Tenant);
            }
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
        HandOver(job.Tenant, slots);
        RemoveIfEmpty(job.Tenant, slots);
    }

    private void RemoveIfEmpty(string tenant, Dictionary<string, Slot> slots)
    {
        if (slots.Count == 0)
        {
            _byTenant.Remove(tenant);
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

    /// <summary>A caller of <see cref="WaitReserveAsync"/> in its tenant's queue; completed when a slot is handed to it.</summary>
    private sealed class Waiter(JobRef job)
    {
        public JobRef Job { get; } = job;

        public TaskCompletionSource Handed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
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
