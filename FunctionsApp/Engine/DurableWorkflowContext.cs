using JobPipeline.Jobs;
using Microsoft.DurableTask;

namespace FunctionsApp.Engine;

/// <summary>
/// Runs <see cref="JobWorkflow"/>'s steps as Durable activities with Durable's own retry policy; a step whose attempts
/// are used up surfaces as <see cref="JobStepFailedException"/>, as the workflow expects. Deterministic: it only
/// schedules work through the orchestration context.
/// </summary>
internal sealed class DurableWorkflowContext(TaskOrchestrationContext context) : IJobWorkflowContext
{
    /// <summary>
    /// Attempts of the start step at least: the engine is told of a job before its row is written, so the start
    /// activity may meet no row yet (<see cref="JobRowMissingException"/>) once it has looked again for
    /// <see cref="DurableEngineOptions.StartRowWait"/>. Seven attempts with the default policy (1 s, doubling) wait
    /// about a minute, as long as the server's worker waits for a row.
    /// </summary>
    private const int MinStartAttempts = 7;

    public async Task<TResult> CallStepAsync<TResult>(string stepName, object input, StepRetryPolicy retry)
    {
        try
        {
            return await context.CallActivityAsync<TResult>(stepName, input, TaskOptions.FromRetryPolicy(ToRetryPolicy(stepName, retry)));
        }
        catch (TaskFailedException e)
        {
            throw new JobStepFailedException(stepName, e.FailureDetails.ErrorMessage, e);
        }
    }

    /// <summary>The job's tenant runs its cap of jobs: a durable timer, holding no worker, then the start again.</summary>
    public async Task<bool> DeferAsync(TimeSpan delay)
    {
        await context.CreateTimer(delay, CancellationToken.None);
        return true;
    }

    private static RetryPolicy ToRetryPolicy(string stepName, StepRetryPolicy retry)
    {
        int attempts = stepName == JobStepNames.Start ? Math.Max(retry.MaxAttempts, MinStartAttempts) : retry.MaxAttempts;

        // Durable rejects a zero first interval and a coefficient below 1; a durable timer shorter than a second buys nothing.
        TimeSpan first = retry.FirstRetryInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retry.FirstRetryInterval;
        return new RetryPolicy(attempts, first, Math.Max(1.0, retry.BackoffCoefficient));
    }
}
