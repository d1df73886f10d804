using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace FunctionsApp.Engine;

/// <summary>
/// One orchestration per job (instance id = job id): runs <see cref="JobWorkflow"/>, whose steps are the activities
/// of <see cref="JobStepActivities"/>. Orchestrator rules hold here and in <see cref="DurableWorkflowContext"/>: no
/// I/O, no clock, no random, no waiting but through the context; logs only through the replay-safe logger
/// (Microsoft.DurableTask.Analyzers checks the rules at build time).
/// </summary>
public static partial class JobOrchestrator
{
    /// <summary>The orchestrator function; its output is the status the job ended in.</summary>
    /// <remarks>
    /// The input is a typed parameter, not <c>context.GetInput&lt;JobOrchestration&gt;()</c>: the Functions worker binds
    /// it by deserializing the orchestration's input as the parameter's type, and a plain Durable Task worker does the
    /// same for an orchestrator registered with its input type. <c>GetInput&lt;T&gt;()</c> only casts the input that
    /// the worker deserialized as the registered type (as <see cref="object"/>, a <c>JsonElement</c>, when none is
    /// given), so it worked only because the Functions context re-reads the raw input as <c>T</c>.
    /// </remarks>
    [Function(nameof(JobOrchestrator))]
    public static async Task<JobStatus> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, JobOrchestration? input)
    {
        ILogger logger = context.CreateReplaySafeLogger(nameof(JobOrchestrator));
        if (input is null)
        {
            throw new InvalidOperationException($"Orchestration {context.InstanceId} has no input.");
        }

        using IDisposable? scope = JobPipeline.Telemetry.JobLog.BeginJobScope(logger, input.Job.Tenant, input.Job.JobId);
        JobStatus status = await JobWorkflow.RunAsync(new DurableWorkflowContext(context, input.Fused, input.RowWait, input.Wake), input.Job, input.Retry);
        LogJobEnded(logger, input.Job.JobId, status);
        return status;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended {Status}")]
    private static partial void LogJobEnded(ILogger logger, string jobId, JobStatus status);
}
