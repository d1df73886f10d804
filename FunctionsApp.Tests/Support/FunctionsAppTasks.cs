using FunctionsApp.Engine;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// Registers FunctionsApp's own orchestrator and activity functions (the very methods the Functions worker invokes)
/// with a plain Durable Task worker, under the names of their <c>[Function]</c> attributes.
/// </summary>
public static class FunctionsAppTasks
{
    /// <summary>Adds <see cref="JobOrchestrator.RunAsync"/> and the four methods of <see cref="JobStepActivities"/>.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        // Registered with its input type, as the Functions worker binds the orchestrator's input parameter.
        registry.AddOrchestratorFunc<JobOrchestration?, JobStatus>(nameof(JobOrchestrator), JobOrchestrator.RunAsync);

        registry.AddActivity(JobStepNames.Start, services => Activity<JobRef, StartStepResult>(services, (a, job, ct) => a.StartAsync(job, ct)));
        registry.AddActivity(JobStepNames.Process, services => Activity<JobRef, StepOutcome>(services, (a, job, ct) => a.ProcessAsync(job, ct)));
        registry.AddActivity(JobStepActivities.StartAndProcess, services => Activity<JobRef, StartAndProcessResult>(services, (a, job, ct) => a.StartAndProcessAsync(job, ct)));
        registry.AddActivity(JobStepNames.Fail, services => Activity<FailStepInput, StepOutcome>(services, (a, input, ct) => a.FailAsync(input, ct)));
    }

    /// <summary>
    /// One activity: a <see cref="JobStepActivities"/> made from DI as the Functions worker makes function classes, and
    /// the token the Functions host passes (cancelled when the worker stops).
    /// </summary>
    private static MethodActivity<TInput, TOutput> Activity<TInput, TOutput>(
        IServiceProvider services, Func<JobStepActivities, TInput, CancellationToken, Task<TOutput>> method) =>
        new(input => method(
            ActivatorUtilities.GetServiceOrCreateInstance<JobStepActivities>(services),
            input,
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));

    private sealed class MethodActivity<TInput, TOutput>(Func<TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input);
    }
}
