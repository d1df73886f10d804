using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>
/// The workflow of every job, written once: start (guarded move to <c>processing</c>, or deferred while the job's
/// tenant runs its cap of jobs), process (run the processor,
/// store the result, complete), and, when processing keeps failing, fail. Deterministic and free of I/O, so a
/// Durable orchestrator can replay it; all I/O is in the steps (<see cref="JobSteps"/>).
/// </summary>
public static class JobWorkflow
{
    private static readonly TimeSpan FirstDeferral = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestDeferral = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the job's steps through <paramref name="context"/>; returns the status it ended in, or
    /// <see cref="JobStatus.Queued"/> when its start was deferred and the engine will run it again
    /// (<see cref="IJobWorkflowContext.DeferAsync"/>).
    /// </summary>
    public static async Task<JobStatus> RunAsync(IJobWorkflowContext context, JobRef job, StepRetryPolicy retry)
    {
        // A tenant at its cap of running jobs (JobPipelineOptions.MaxRunningJobsPerTenant): wait without a worker.
        StartStepResult start = await context.CallStepAsync<StartStepResult>(JobStepNames.Start, job, retry);
        for (int deferrals = 0; start.Deferred; deferrals++)
        {
            if (!await context.DeferAsync(DeferralDelay(deferrals)))
            {
                return JobStatus.Queued;
            }

            start = await context.CallStepAsync<StartStepResult>(JobStepNames.Start, job, retry);
        }

        if (!start.Proceed)
        {
            return start.Status;
        }

        try
        {
            StepOutcome processed = await context.CallStepAsync<StepOutcome>(JobStepNames.Process, job, retry);
            return processed.Status;
        }
        catch (JobStepFailedException)
        {
            var error = new JobError(
                ErrorCodes.ProcessingFailed,
                "The job failed on every attempt.",
                new JsonObject(),
                Retryable: true);
            StepOutcome failed = await context.CallStepAsync<StepOutcome>(JobStepNames.Fail, new FailStepInput(job, error), retry);
            return failed.Status;
        }
    }

    /// <summary>
    /// How long a deferred job waits before its start is tried again, after <paramref name="deferrals"/> earlier
    /// deferrals: 250 ms, doubling, at most 5 s. Short enough that a tenant's own queue moves on soon after one of
    /// its jobs ends; growing, so a long wait costs few tries.
    /// </summary>
    public static TimeSpan DeferralDelay(int deferrals) =>
        deferrals >= 5 ? LongestDeferral : TimeSpan.FromTicks(Math.Min(FirstDeferral.Ticks << deferrals, LongestDeferral.Ticks));
}
