using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Http.Responses;

/// <summary>Why a job failed: the <c>error</c> of a failed job's resource (the <c>JobError</c> schema).</summary>
internal sealed record JobErrorBody(string Code, string Message, bool Retryable, JsonObject Details)
{
    public static JobErrorBody From(JobError error) => new(error.Code, error.Message, error.Retryable, error.Details ?? []);
}
