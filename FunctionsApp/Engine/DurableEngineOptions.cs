using System.ComponentModel.DataAnnotations;

namespace FunctionsApp.Engine;

/// <summary>The Durable engine's settings, under <c>JobPipeline:Durable</c>.</summary>
public sealed class DurableEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "JobPipeline:Durable";

    /// <summary>
    /// How long the start activity looks again for a job's row that is not there yet, before it fails for the
    /// orchestrator's retry policy. The submitter tells the engine before it writes the row, so a start may come a few
    /// milliseconds early; looking again within the activity (after 20, 50, 100, then every 200 ms) costs a table read
    /// each, where the retry costs a durable timer of at least a second and two more orchestrator episodes. Zero: no
    /// second look (the retry policy alone). A row that never appears (its submit failed) holds an activity slot this
    /// long per attempt.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan StartRowWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a job's orchestration runs the start and process steps in one activity
    /// (<see cref="JobStepActivities.StartAndProcessAsync"/>) rather than one activity each: one activity and one
    /// orchestrator episode fewer per job (about a third of the engine's storage calls), and the tenant's slot is no
    /// longer reserved across an orchestrator episode. Fixed in each orchestration's input when it starts, so
    /// orchestrations already running replay as they began whatever this says later.
    /// </summary>
    public bool FuseStartAndProcess { get; set; } = true;

    /// <summary>
    /// Whether a job deferred for its tenant's cap (<c>JobPipeline:MaxRunningJobsPerTenant</c>) is woken when a job of
    /// its tenant ends on the same instance, rather than only by its durable timer (250 ms doubling to 5 s): the ending
    /// job's orchestration sends the tenant's longest-deferred orchestration an event (<see cref="DeferredJobs"/>), as the
    /// queue engine wakes its oldest deferred message. The timer stays the fallback (another instance, a restart), at
    /// 2 s doubling to 5 s instead of 0.25 s doubling. Fixed in each orchestration's input when it starts.
    /// </summary>
    public bool WakeDeferred { get; set; } = true;

    /// <summary>
    /// How long the start activity of a job whose tenant runs its cap of jobs on this instance
    /// (<c>JobPipeline:MaxRunningJobsPerTenant</c>) waits for a slot of its tenant before it defers the job. A slot freed
    /// here (a job of the tenant ending, a reservation lapsing) goes to the tenant's oldest waiting start at once, so the
    /// job starts without the deferral's durable timer, <c>SlotFreed</c> event, extra orchestrator episode and extra
    /// activity (about 15 storage calls), and the slot is not left idle while a woken orchestration gets its activity
    /// dispatched. Past the wait the job is deferred as before. The wait is inside the activity, so the orchestration's
    /// input and replay do not change: orchestrations already running are unaffected. Default 2 s: a typical job frees
    /// its slot well within it, and it is the first fallback timer of a deferral that waits for a wake-up, so a job that
    /// waits in vain is not later than it would have been. A waiting start holds one of the instance's activity workers
    /// (<c>maxConcurrentActivityFunctions</c>), bounded by <see cref="MaxSlotWaiters"/>. Zero: no wait (defer at once).
    /// The row wait (<see cref="StartRowWait"/>) and this wait are measured from the activity's start, not one after the
    /// other.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan SlotWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many start activities may wait for a tenant's slot (<see cref="SlotWait"/>) on this instance at once, all tenants
    /// together; a start beyond that defers its job at once. A waiting start holds an activity worker, so this keeps one
    /// tenant flooding the instance from holding all of them while it waits: default 8, half of the shipped
    /// <c>host.json</c>'s <c>maxConcurrentActivityFunctions</c> (16), so at least as many workers stay free for jobs that
    /// run. Set it below <c>maxConcurrentActivityFunctions</c> when that is changed.
    /// </summary>
    [Range(0, 1024)]
    public int MaxSlotWaiters { get; set; } = 8;
}
