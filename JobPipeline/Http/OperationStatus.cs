using System.Text.Json;
using JobPipeline.Jobs;

namespace JobPipeline.Http;

/// <summary>
/// A job as an Azure long-running-operation status monitor (Microsoft REST API guidelines; camelCase, as the Azure
/// SDK pollers expect).
/// </summary>
internal static class OperationStatus
{
    /// <summary>The operation status of a job; an expired job reports the outcome it had.</summary>
    public static string Of(JobRecord job) => (job.Status == JobStatus.Expired ? job.OutcomeBeforeExpiry ?? JobStatus.Completed : job.Status) switch
    {
        JobStatus.Queued => "NotStarted",
        JobStatus.Processing => "Running",
        JobStatus.Completed => "Succeeded",
        JobStatus.Failed => "Failed",
        _ => "Canceled",
    };

    public static void Write(Utf8JsonWriter writer, JobRecord job, string resourceLocation)
    {
        string status = Of(job);
        writer.WriteStartObject();
        writer.WriteString("id", job.JobId);
        writer.WriteString("status", status);
        writer.WriteNumber("percentComplete", job.Progress);
        writer.WriteTime("createdDateTime", job.CreatedAt);
        writer.WriteTime("lastActionDateTime", job.UpdatedAt);
        if (status == "Succeeded")
        {
            writer.WriteString("resourceLocation", resourceLocation);
        }

        if (status == "Failed")
        {
            writer.WritePropertyName("error");
            writer.WriteStartObject();
            writer.WriteString("code", job.Error?.Code ?? ErrorCodes.InternalError);
            writer.WriteString("message", job.Error?.Message ?? "The job failed.");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
