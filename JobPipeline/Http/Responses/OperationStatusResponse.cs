using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Http.Responses;

/// <summary>
/// A job as an Azure long-running-operation status monitor (Microsoft REST API guidelines; camelCase, as the Azure
/// SDK pollers expect; the <c>OperationStatus</c> schema).
/// </summary>
internal sealed record OperationStatusResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("percentComplete")] int PercentComplete,
    [property: JsonPropertyName("createdDateTime")] DateTimeOffset CreatedDateTime,
    [property: JsonPropertyName("lastActionDateTime")] DateTimeOffset LastActionDateTime,
    [property: JsonPropertyName("resourceLocation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResourceLocation,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OperationStatusResponse.Failure? Error)
{
    /// <summary>The monitor of <paramref name="job"/>, whose resource is at <paramref name="resourceLocation"/>.</summary>
    public static OperationStatusResponse Of(JobRecord job, string resourceLocation)
    {
        string status = StatusOf(job);
        return new(
            job.JobId,
            status,
            job.Progress,
            job.CreatedAt,
            job.UpdatedAt,
            status == "Succeeded" ? resourceLocation : null,
            status == "Failed" ? new Failure(job.Error?.Code ?? ErrorCodes.InternalError, job.Error?.Message ?? "The job failed.") : null);
    }

    /// <summary>The operation status of a job; an expired job reports the outcome it had.</summary>
    public static string StatusOf(JobRecord job) => (job.Status == JobStatus.Expired ? job.OutcomeBeforeExpiry ?? JobStatus.Completed : job.Status) switch
    {
        JobStatus.Queued => "NotStarted",
        JobStatus.Processing => "Running",
        JobStatus.Completed => "Succeeded",
        JobStatus.Failed => "Failed",
        _ => "Canceled",
    };

    /// <summary>Why the operation failed.</summary>
    public sealed record Failure(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message);
}
