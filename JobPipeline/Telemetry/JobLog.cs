using JobPipeline.Jobs;
using Microsoft.Extensions.Logging;

namespace JobPipeline.Telemetry;

/// <summary>
/// Each job's lifecycle in the logs (accepted, started, ended with its duration), and the scope every log line of a
/// request or a job carries: tenant, job id and request id.
/// </summary>
public static partial class JobLog
{
    /// <summary>A scope with the tenant, the job id and the request id (each only when known).</summary>
    public static IDisposable? BeginJobScope(this ILogger logger, string tenant, string? jobId = null, string? requestId = null)
    {
        var scope = new List<KeyValuePair<string, object?>>(3) { new("Tenant", tenant) };
        if (jobId is not null)
        {
            scope.Add(new("JobId", jobId));
        }

        if (requestId is not null)
        {
            scope.Add(new("RequestId", requestId));
        }

        return logger.BeginScope(scope);
    }

    /// <summary>A job was accepted (its row written).</summary>
    [LoggerMessage(EventId = 1601, EventName = "JobAccepted", Level = LogLevel.Information, Message = "Job {JobId} of type {JobType} accepted for tenant {Tenant}")]
    public static partial void Accepted(ILogger logger, string jobId, string jobType, string tenant);

    /// <summary>A job moved to processing after waiting in the queue.</summary>
    [LoggerMessage(EventId = 1602, EventName = "JobStarted", Level = LogLevel.Information, Message = "Job {JobId} of type {JobType} started after {QueueWaitMs} ms in the queue")]
    public static partial void Started(ILogger logger, string jobId, string jobType, double queueWaitMs);

    /// <summary>A job ended (completed, failed or canceled).</summary>
    [LoggerMessage(EventId = 1603, EventName = "JobEnded", Level = LogLevel.Information, Message = "Job {JobId} of type {JobType} ended {Status} after {DurationMs} ms (error {ErrorCode})")]
    public static partial void Ended(ILogger logger, string jobId, string jobType, string status, double durationMs, string? errorCode);

    /// <summary>Logs the end of <paramref name="job"/>, its duration from submit to end.</summary>
    internal static void Ended(ILogger logger, JobRecord job) =>
        Ended(logger, job.JobId, job.Type, job.Status.ToWire(), ((job.CompletedAt ?? job.UpdatedAt) - job.CreatedAt).TotalMilliseconds, job.Error?.Code);
}
