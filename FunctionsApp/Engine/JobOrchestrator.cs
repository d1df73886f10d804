using JobPipeline.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace FunctionsApp.Engine;

/// <summary>
/// One orchestration per job (instance id = job id): runs <see cref="JobWorkflow"/>, whose steps are the activities
/// of <see cref="JobStepActivities"/>. Orchestrator rules hold here and in <see cref="DurableWorkflowContext"/>: no
/// I/O, no clock, no random, no waiting but through the context; logs only through the replay-safe logger.
/// </summary>
public static partial class JobOrchestrator
{
    /// <summary>The orchestrator function; its output is the status the job ended in.</summary>
    [Function(nameof(JobOrchestrator))]
    public static async Task<JobStatus> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ILogger logger = context.CreateReplaySafeLogger(nameof(JobOrchestrator));
        JobOrchestration input = context.GetInput<JobOrchestration>()
            ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} has no input.");
        JobStatus status = await JobWorkflow.RunAsync(new DurableWorkflowContext(context), input.Job, input.Retry);
        LogJobEnded(logger, input.Job.JobId, status);
        return status;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended {Status}")]
    private static partial void LogJobEnded(ILogger logger, string jobId, JobStatus status);
}
