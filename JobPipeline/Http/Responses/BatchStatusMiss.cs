using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Http.Responses;

/// <summary>A batch entry for an id the tenant has no job of, or that is not a job id (the <c>JobNotFoundItem</c> schema).</summary>
internal sealed record BatchStatusMiss(string JobId, BatchStatusMiss.Reason Error)
{
    public static BatchStatusMiss For(string jobId) => new(jobId, JobPipeline.Jobs.JobId.IsValid(jobId)
        ? new Reason(ErrorCodes.JobNotFound, "Job not found.", [])
        : new Reason(ErrorCodes.InvalidJobId, "Not a job id.", []));

    /// <summary>Why the entry has no job.</summary>
    public sealed record Reason(string Code, string Message, JsonObject Details);
}
