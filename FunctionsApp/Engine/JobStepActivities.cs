using JobPipeline.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsApp.Engine;

/// <summary>
/// The workflow's steps as Durable activities, one per <see cref="JobStepNames"/> constant. All I/O of a job happens
/// here, in <see cref="JobSteps"/>; a transient failure is thrown for the orchestrator's retry policy.
/// </summary>
public sealed class JobStepActivities(JobSteps steps)
{
    /// <summary><see cref="JobSteps.StartAsync"/>.</summary>
    [Function(JobStepNames.Start)]
    public Task<StartStepResult> StartAsync([ActivityTrigger] JobRef job, CancellationToken cancellationToken) =>
        steps.StartAsync(job, cancellationToken);

    /// <summary><see cref="JobSteps.ProcessAsync"/>.</summary>
    [Function(JobStepNames.Process)]
    public Task<StepOutcome> ProcessAsync([ActivityTrigger] JobRef job, CancellationToken cancellationToken) =>
        steps.ProcessAsync(job, cancellationToken);

    /// <summary><see cref="JobSteps.FailAsync"/>.</summary>
    [Function(JobStepNames.Fail)]
    public Task<StepOutcome> FailAsync([ActivityTrigger] FailStepInput input, CancellationToken cancellationToken) =>
        steps.FailAsync(input, cancellationToken);
}
