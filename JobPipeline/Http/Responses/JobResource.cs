using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Http.Responses;

/// <summary>The job resource of docs/api.md (the <c>Job</c> schema of openapi.json).</summary>
/// <remarks>
/// <c>started_at</c>, <c>completed_at</c> and <c>expires_at</c> are null until they happen; <c>retry_after</c> is there
/// only while the job runs, <c>result</c> once it completed, <c>error</c> once it failed, <c>callback</c> with a webhook
/// and <c>input</c> when asked for (null when there is none to show).
/// </remarks>
internal sealed record JobResource(
    string JobId,
    string Type,
    string Status,
    int Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfter,
    RawJson Metadata,
    RawJson Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobErrorBody? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobCallbackBody? Callback,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Input)
{
    /// <summary>The resource of a prepared job.</summary>
    public static JobResource From(JobView view)
    {
        JobRecord job = view.Job;
        return new JobResource(
            job.JobId,
            job.Type,
            job.Status.ToWire(),
            job.Progress,
            job.CreatedAt,
            job.UpdatedAt,
            job.StartedAt,
            job.CompletedAt,
            job.ExpiresAt,
            job.Status.IsTerminal() ? null : JobView.RetryAfterSeconds(job, view.Now),
            RawJson.Of(job.MetadataJson),
            RawJson.Of(job.SummaryJson),
            job.Status == JobStatus.Completed ? ResultOf(view) : null,
            job.Status == JobStatus.Failed && job.Error is { } error ? JobErrorBody.From(error) : null,
            job.CallbackUrl is { } url ? new JobCallbackBody(url, job.CallbackState, job.CallbackAttempts, job.CallbackLastStatus) : null,
            view.IncludeInput ? InputOf(view) : null);
    }

    /// <summary>A pointer, the inline JSON, a text result as a string, or a literal null.</summary>
    private static object ResultOf(JobView view)
    {
        JobRecord job = view.Job;
        if (view.DocumentPointer is { } document)
        {
            RawJson? figures = job.ResultInline is { } json && job.ResultForm == Processing.ResultForm.Json ? new RawJson(json) : null;
            return new DocumentResult(figures, view.ResultPointer, document);
        }

        if (view.ResultPointer is { } pointer)
        {
            return pointer;
        }

        if (view.ResultInline is not { } inline || job.ResultContentType is null)
        {
            return RawJson.Null;
        }

        return job.ResultForm == Processing.ResultForm.Json ? new RawJson(inline) : System.Text.Encoding.UTF8.GetString(inline);
    }

    private static object InputOf(JobView view) =>
        view.InputPointer is { } pointer ? pointer
        : view.InputJson is { } json ? new RawJson(json)
        : RawJson.Null;
}
