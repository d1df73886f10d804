using JobPipeline.Engine;
using JobPipeline.Jobs;

namespace JobPipeline.Server.Engine;

/// <summary>
/// Runs the workflow's steps as direct calls, retrying each as Durable's retry policy would. The process step follows
/// the start step here, on this instance, so the start's move counts the first attempt (<see cref="AttemptHandOver"/>).
/// A deferred start does not wait here: the worker hands the job's message back to the queue (<see cref="Deferred"/>)
/// and takes other work.
/// </summary>
/// <remarks>
/// A try that failed because storage could not be reached uses none of the step's attempts: the step is tried again
/// after a capped backoff for as long as <see cref="StepRetryPolicy.StorageWait"/> allows, the job's message kept
/// invisible by its lease meanwhile. When the lease is lost (<paramref name="handedOver"/>: its visibility ran out
/// during the outage and another delivery took the message), this delivery stops waiting and leaves the job to that one.
/// </remarks>
internal sealed class DirectWorkflowContext(JobSteps steps, TimeProvider time, CancellationToken cancellationToken, CancellationToken handedOver = default) : IJobWorkflowContext
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
        long began = time.GetTimestamp();
        int outageTries = 0;
        for (int attempt = 1; ;)
        {
            try
            {
                return (TResult)await RunAsync(stepName, input);
            }
            catch (Exception e) when (e is not JobRowMissingException && !cancellationToken.IsCancellationRequested)
            {
                if (!handedOver.IsCancellationRequested
                    && retry.RetriesThroughOutage(StorageUnavailableException.IsStorageFailure(e), outageTries + 1, time.GetElapsedTime(began)))
                {
                    outageTries++;
                    await WaitOutOutageAsync(retry.StorageRetryDelay(outageTries), e);
                    continue;
                }

                if (attempt >= retry.MaxAttempts)
                {
                    throw new JobStepFailedException(stepName, e.Message, e);
                }

                await Task.Delay(retry.DelayAfter(attempt), time, cancellationToken);
                attempt++;
            }
        }
    }

    /// <summary>Waits before the next try through a storage outage; rethrows <paramref name="failure"/> when the message was handed over meanwhile.</summary>
    private async Task WaitOutOutageAsync(TimeSpan delay, Exception failure)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handedOver);
        try
        {
            await Task.Delay(delay, time, wait.Token);
        }
        catch (OperationCanceledException) when (handedOver.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
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
