using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FunctionsApp.Engine;

/// <summary>
/// The Functions app's engine: one Durable orchestration per job, its instance id the job id. Start schedules
/// <see cref="JobOrchestrator"/>, cancel terminates it, forget purges its history.
/// </summary>
public sealed class DurableJobEngine(JobSteps steps, IOptions<DurableEngineOptions> options, IOptions<JobPipeline.JobPipelineOptions> pipelineOptions) : IJobEngine
{
    /// <summary>How long <see cref="ForgetAsync"/> waits for a termination just sent to land before it purges.</summary>
    private static readonly TimeSpan TerminationWait = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public Task StartAsync(JobRef job, CancellationToken cancellationToken = default) =>
        Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(JobOrchestrator),
            new JobOrchestration(
                job,
                steps.RetryPolicy,
                JobPipeline.Telemetry.JobTelemetry.CurrentTraceParent(),
                options.Value.FuseStartAndProcess,
                pipelineOptions.Value.JobRowWait,
                options.Value.WakeDeferred),
            new StartOrchestrationOptions { InstanceId = job.JobId },
            cancellationToken);

    /// <inheritdoc />
    public async Task CancelAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        DurableTaskClient client = Client;
        try
        {
            await client.TerminateInstanceAsync(job.JobId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A backend may refuse to terminate an instance that already ended or never started; then nothing is
            // left to stop. Anything else (the instance still runs) is a real failure.
            OrchestrationMetadata? instance = await client.GetInstanceAsync(job.JobId, cancellationToken);
            if (instance is { IsCompleted: false })
            {
                throw;
            }
        }
    }

    /// <inheritdoc />
    public async Task ForgetAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        DurableTaskClient client = Client;
        OrchestrationMetadata? instance = await client.GetInstanceAsync(job.JobId, cancellationToken);
        if (instance is null)
        {
            return;
        }

        if (!instance.IsCompleted)
        {
            // Only a completed, failed or terminated instance can be purged; a delete has just sent the terminate.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TerminationWait);
            try
            {
                await client.WaitForInstanceCompletionAsync(job.JobId, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still running: purge what can be purged; the instance's history stays until the backend is asked again.
            }
        }

        await client.PurgeInstanceAsync(job.JobId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<EngineJobState?> GetStateAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        // Inputs and outputs are needed for FailureDetails; both are tiny (a JobRef and a status).
        OrchestrationMetadata? instance = await Client.GetInstanceAsync(job.JobId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return new EngineJobState(EnginePhase.Unknown);
        }

        return instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed => new EngineJobState(EnginePhase.Failed, instance.FailureDetails?.ErrorMessage),
            OrchestrationRuntimeStatus.Terminated => new EngineJobState(EnginePhase.Terminated),
            OrchestrationRuntimeStatus.Completed => new EngineJobState(EnginePhase.Completed),

            // Pending, Running, Suspended (and the obsolete values no backend reports any more).
            _ => new EngineJobState(EnginePhase.Running),
        };
    }

    private static DurableTaskClient Client => DurableClientAccessor.Current ?? throw new InvalidOperationException(
        "No Durable client in this invocation: a function that reaches the engine must take a [DurableClient] " +
        "DurableTaskClient and run its work through DurableClientAccessor.RunAsync.");
}
