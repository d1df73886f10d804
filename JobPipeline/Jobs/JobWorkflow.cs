using System.Text.Json.Nodes;

namespace JobPipeline.Jobs;

/// <summary>
/// The workflow of every job, written once: start (guarded move to <c>processing</c>), process (run the processor,
/// store the result, complete), and, when processing keeps failing, fail. Deterministic and free of I/O, so a
/// Durable orchestrator can replay it; all I/O is in the steps (<see cref="JobSteps"/>).
/// </summary>
public static class JobWorkflow
{
    /// <summary>Runs the job's steps through <paramref name="context"/>; returns the status it ended in.</summary>
    public static async Task<JobStatus> RunAsync(IJobWorkflowContext context, JobRef job, StepRetryPolicy retry)
    {
        StartStepResult start = await context.CallStepAsync<StartStepResult>(JobStepNames.Start, job, retry);
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
}
