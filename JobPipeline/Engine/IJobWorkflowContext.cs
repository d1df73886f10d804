using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>
/// What <see cref="JobWorkflow"/> runs its steps through: <c>CallActivityAsync</c> in a Durable orchestration,
/// direct calls in the server. Implementations run the named step with the given retry policy and throw
/// <see cref="JobStepFailedException"/> when its attempts are used up.
/// </summary>
public interface IJobWorkflowContext
{
    /// <summary>Runs step <paramref name="stepName"/> with <paramref name="input"/>.</summary>
    Task<TResult> CallStepAsync<TResult>(string stepName, object input, StepRetryPolicy retry);

    /// <summary>
    /// The start step deferred the job (its tenant runs its cap of jobs). Either waits <paramref name="delay"/> and
    /// answers true, so the workflow tries the start again (a durable timer in an orchestration, holding no worker);
    /// or answers false at once when the engine runs the workflow again later by itself (the server's queue makes the
    /// job's message visible again), and the workflow returns <see cref="JobStatus.Queued"/>.
    /// </summary>
    Task<bool> DeferAsync(TimeSpan delay);
}
