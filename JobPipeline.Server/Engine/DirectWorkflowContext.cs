using JobPipeline.Engine;
using JobPipeline.Jobs;

namespace JobPipeline.Server.Engine;

/// <summary>
/// Runs the workflow's steps as direct calls, retrying each as Durable's retry policy would. The process step follows
/// the start step here, on this instance, so the start's move counts the first attempt (<see cref="AttemptHandOver"/>).
/// A deferred start does not wait here: the worker hands the job's message back to the queue (<see cref="Deferred"/>)
/// and takes other work.
/// </summary>
internal sealed class DirectWorkflowContext(JobSteps steps, TimeProvider time, CancellationToken cancellationToken) : IJobWorkflowContext
{
    /// <summary>The start step's move, handed to the process step that follows it here (its first attempt counted in the move).</summary>
    private readonly AttemptHandOver _handOver = new();

    /// <summary>Whether the workflow stopped because its start was deferred.</summary>
    public bool Deferred { get; private set; }

    public Task<bool> DeferAsync(TimeSpan delay)
    {
        Deferred = true;
        return Task.FromResult(false);
    }

    public async Task<TResult> CallStepAsync<TResult>(string stepName, object input, StepRetryPolicy retry)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return (TResult)await RunAsync(stepName, input);
            }
            catch (Exception e) when (e is not JobRowMissingException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= retry.MaxAttempts)
                {
                    throw new JobStepFailedException(stepName, e.Message, e);
                }

                await Task.Delay(retry.DelayAfter(attempt), time, cancellationToken);
            }
        }
    }

    private async Task<object> RunAsync(string stepName, object input) => stepName switch
    {
        JobStepNames.Start => await steps.StartAsync((JobRef)input, _handOver, cancellationToken),
        JobStepNames.Process => await steps.ProcessAsync((JobRef)input, _handOver, cancellationToken),
        JobStepNames.Fail => await steps.FailAsync((FailStepInput)input, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(stepName), stepName, "Unknown step."),
    };
}
