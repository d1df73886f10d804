using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionsApp.Engine;

/// <summary>
/// The workflow's steps as Durable activities, one per <see cref="JobStepNames"/> constant. All I/O of a job happens
/// here, in <see cref="JobSteps"/>; a transient failure is thrown for the orchestrator's retry policy.
/// </summary>
public sealed class JobStepActivities(JobSteps steps, IOptions<DurableEngineOptions> options, TimeProvider time, DeferredJobs deferred)
{
    /// <summary>The name of <see cref="StartAndProcessAsync"/>.</summary>
    public const string StartAndProcess = "StartAndProcess";

    /// <summary>
    /// <see cref="JobSteps.StartAsync(JobRef, TimeSpan, int, CancellationToken)"/>: a job whose tenant runs its cap of jobs
    /// here waits up to <see cref="DurableEngineOptions.SlotWait"/> for a slot to be handed to it; a row not written yet
    /// is looked for again within <see cref="DurableEngineOptions.StartRowWait"/> before the step fails
    /// (<see cref="JobRowMissingException"/>). Both waits are measured from the activity's start, so they do not add up:
    /// the slot comes first (it costs no storage call, and a job that waited for one finds its row written meanwhile), a
    /// look that meets no row gives its slot to the next waiter and waits for one again only within what is left of the
    /// slot wait. A start still deferred for the tenant's cap puts the job on <see cref="DeferredJobs"/>, to be woken
    /// when a job of its tenant ends here (<see cref="DurableEngineOptions.WakeDeferred"/>).
    /// </summary>
    [Function(JobStepNames.Start)]
    public Task<StartStepResult> StartAsync([ActivityTrigger] JobRef job, CancellationToken cancellationToken) =>
        StartAsync(job, handOver: null, cancellationToken);

    /// <summary>The start step; with <paramref name="handOver"/>, for the process step that follows it in this activity.</summary>
    private async Task<StartStepResult> StartAsync(JobRef job, AttemptHandOver? handOver, CancellationToken cancellationToken)
    {
        deferred.Remove(job);
        long began = time.GetTimestamp();
        StartStepResult start = await StartWithRowWaitAsync(job, began, waitForSlot: true, handOver, cancellationToken);
        if (start.Deferred && options.Value.WakeDeferred)
        {
            deferred.Add(job);
            try
            {
                // A slot freed between the first look and the listing found no one to wake: look once more (a deferral
                // costs no storage call); a job ending from now on finds this one on the list.
                start = await StartWithRowWaitAsync(job, began, waitForSlot: false, handOver, cancellationToken);
            }
            finally
            {
                if (!start.Deferred)
                {
                    deferred.Remove(job);
                }
            }
        }

        return start;
    }

    private async Task<StartStepResult> StartWithRowWaitAsync(JobRef job, long began, bool waitForSlot, AttemptHandOver? handOver, CancellationToken cancellationToken)
    {
        DurableEngineOptions settings = options.Value;
        for (int looks = 1; ; looks++)
        {
            TimeSpan pause = JobRowLooks.PauseAfter(looks);
            TimeSpan slotWait = waitForSlot ? settings.SlotWait - time.GetElapsedTime(began) : TimeSpan.Zero;
            try
            {
                return await SurfacingOutageAsync(JobStepNames.Start, steps.StartAsync(job, slotWait, settings.MaxSlotWaiters, handOver, cancellationToken));
            }
            catch (JobRowMissingException) when (time.GetElapsedTime(began) + pause <= settings.StartRowWait)
            {
                // The submitter tells the engine first and writes the row a moment later: look again shortly.
            }

            await Task.Delay(pause, time, cancellationToken);
        }
    }

    /// <summary>
    /// The start step and, when the job proceeds, the process step in one activity: one activity and one orchestrator
    /// episode per job fewer than the two steps as activities of their own
    /// (<see cref="DurableEngineOptions.FuseStartAndProcess"/>). Nothing is thrown for the steps' sake: a row that does not
    /// appear in time and a failed process attempt are reported, and the orchestrator goes on with the step's own activity
    /// and its retries, as if that attempt had been one of them. When the process step ran, its tenant's slot is free
    /// again: the result names the tenant's job deferred longest here, for the orchestrator to wake
    /// (<see cref="DurableEngineOptions.WakeDeferred"/>).
    /// </summary>
    [Function(StartAndProcess)]
    public async Task<StartAndProcessResult> StartAndProcessAsync([ActivityTrigger] JobRef job, CancellationToken cancellationToken)
    {
        // The process step follows here, on this instance: the start's move counts its first attempt.
        var handOver = new AttemptHandOver();
        StartStepResult start;
        try
        {
            start = await StartAsync(job, handOver, cancellationToken);
        }
        catch (JobRowMissingException)
        {
            return new StartAndProcessResult(null, null, null);
        }

        if (!start.Proceed)
        {
            return new StartAndProcessResult(start, null, null);
        }

        StartAndProcessResult result;
        try
        {
            result = new StartAndProcessResult(start, await steps.ProcessAsync(job, handOver, cancellationToken), null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // What the process activity would have thrown for its retry policy.
            result = new StartAndProcessResult(start, null, $"{e.GetType().Name}: {e.Message}", StorageUnavailable: StorageUnavailableException.IsStorageFailure(e));
        }

        return options.Value.WakeDeferred && deferred.TakeOldest(job.Tenant) is { } next ? result with { Wake = next } : result;
    }

    /// <summary><see cref="JobSteps.ProcessAsync(JobRef, CancellationToken)"/>.</summary>
    [Function(JobStepNames.Process)]
    public Task<StepOutcome> ProcessAsync([ActivityTrigger] JobRef job, CancellationToken cancellationToken) =>
        SurfacingOutageAsync(JobStepNames.Process, steps.ProcessAsync(job, cancellationToken));

    /// <summary><see cref="JobSteps.FailAsync"/>.</summary>
    [Function(JobStepNames.Fail)]
    public Task<StepOutcome> FailAsync([ActivityTrigger] FailStepInput input, CancellationToken cancellationToken) =>
        SurfacingOutageAsync(JobStepNames.Fail, steps.FailAsync(input, cancellationToken));

    /// <summary>
    /// A step's work, its failure to reach storage thrown as <see cref="StorageUnavailableException"/>: the type is what
    /// the orchestrator sees of it (<c>TaskFailureDetails.ErrorType</c>), and such a try uses none of the step's attempts.
    /// </summary>
    private static async Task<T> SurfacingOutageAsync<T>(string stepName, Task<T> step)
    {
        try
        {
            return await step;
        }
        catch (Exception e) when (e is not StorageUnavailableException && StorageUnavailableException.IsStorageFailure(e))
        {
            throw new StorageUnavailableException(stepName, e);
        }
    }
}
