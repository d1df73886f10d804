namespace JobPipeline.Jobs;

/// <summary>
/// What <see cref="JobWorkflow"/> runs its steps through: <c>CallActivityAsync</c> in a Durable orchestration,
/// direct calls in the server. Implementations run the named step with the given retry policy and throw
/// <see cref="JobStepFailedException"/> when its attempts are used up.
/// </summary>
public interface IJobWorkflowContext
{
    /// <summary>Runs step <paramref name="stepName"/> with <paramref name="input"/>.</summary>
    Task<TResult> CallStepAsync<TResult>(string stepName, object input, StepRetryPolicy retry);
}
