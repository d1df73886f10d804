using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using JobPipeline.Http.Responses;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;

namespace JobPipeline.Http;

/// <summary>
/// A job ready to be written as the API's job resource: the row plus what needs storage to render (the SAS URL of a
/// large result, the input when asked for). Prepared asynchronously, written synchronously.
/// </summary>
internal sealed record JobView(JobRecord Job, DateTimeOffset Now)
{
    public BlobPointer? ResultPointer { get; init; }

    public BlobPointer? InputPointer { get; init; }

    /// <summary>The output document of a job whose input was a document; added to its <c>result</c> as <c>document</c>.</summary>
    public BlobPointer? DocumentPointer { get; init; }

    public byte[]? InputJson { get; init; }

    public bool IncludeInput { get; init; }

    /// <summary>The result bytes to show inline: the row's, opened when the job is sealed.</summary>
    public byte[]? ResultInline { get; init; }

    /// <summary>
    /// Collects what the resource of <paramref name="job"/> needs from storage. A sealed job's inline result and input
    /// are opened with <paramref name="sealer"/>; its result in Blob storage is pointed at <paramref name="resultRoute"/>
    /// (the authenticated result route) rather than at the blob, which holds it sealed.
    /// </summary>
    public static async Task<JobView> PrepareAsync(
        JobRecord job, JobBlobs blobs, JobPipelineOptions options, TimeProvider time, bool includeInput, CancellationToken cancellationToken,
        IJobDataSealer? sealer = null, Uri? resultRoute = null)
    {
        var view = new JobView(job, time.GetUtcNow()) { IncludeInput = includeInput, ResultInline = job.ResultInline };
        if (job.Sealed)
        {
            return await PrepareSealedAsync(view, blobs, includeInput, sealer, resultRoute, cancellationToken);
        }

        if (job.Status == JobStatus.Completed && job.ResultInBlob)
        {
            view = view with { ResultPointer = await BlobPointer.CreateAsync(blobs, blobs.Result(job.Ref), job.ResultContentType, job.ResultSizeBytes, options.SasLifetime, cancellationToken) };
        }

        if (job.Status == JobStatus.Completed && job.DocumentContentType is not null)
        {
            view = view with { DocumentPointer = await BlobPointer.CreateAsync(blobs, blobs.Document(job.Ref), job.DocumentContentType, job.DocumentSizeBytes, options.SasLifetime, cancellationToken) };
        }

        if (includeInput && job.Status != JobStatus.Expired)
        {
            if (job.InputContentType is not null && job.InputInBlob)
            {
                view = view with { InputPointer = await BlobPointer.CreateAsync(blobs, blobs.Input(job.Ref), job.InputContentType, null, options.SasLifetime, cancellationToken) };
            }
            else if (job.InputInline is not null)
            {
                view = view with { InputJson = job.InputInline };
            }
            else if (job.InputInBlob)
            {
                Azure.Storage.Blobs.Specialized.BlobBaseClient blob = blobs.Input(job.Ref);
                view = view with { InputJson = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray() };
            }
        }

        return view;
    }

    /// <summary>The opened result of a completed sealed job, from its row or its result blob.</summary>
    public static async Task<byte[]> OpenSealedResultAsync(JobRecord job, JobBlobs blobs, IJobDataSealer? sealer, CancellationToken cancellationToken)
    {
        if (sealer is null)
        {
            throw new InvalidOperationException($"Job {job.JobId} is sealed, but no {nameof(IJobDataSealer)} is registered.");
        }

        byte[] sealedResult = job.ResultInBlob
            ? (await blobs.Result(job.Ref).DownloadContentAsync(cancellationToken)).Value.Content.ToArray()
            : job.ResultInline ?? throw new InvalidOperationException($"Job {job.JobId} has no result.");
        return sealer.Open(job.Ref, JobDataParts.Result, sealedResult);
    }

    private static async Task<JobView> PrepareSealedAsync(
        JobView view, JobBlobs blobs, bool includeInput, IJobDataSealer? sealer, Uri? resultRoute, CancellationToken cancellationToken)
    {
        JobRecord job = view.Job;
        if (job.Status == JobStatus.Completed && job.ResultInBlob)
        {
            view = view with { ResultPointer = new BlobPointer(resultRoute ?? throw new InvalidOperationException("A sealed result needs its route."), null, job.ResultContentType, job.ResultSizeBytes) };
        }
        else if (job.Status == JobStatus.Completed && job.ResultInline is not null)
        {
            view = view with { ResultInline = await OpenSealedResultAsync(job, blobs, sealer, cancellationToken) };
        }

        if (includeInput && job.Status != JobStatus.Expired && (job.InputInline is not null || job.InputInBlob))
        {
            view = view with { InputJson = await StoredJobInput.ReadSealedAsync(job, blobs, sealer, cancellationToken) };
        }

        return view;
    }

    /// <summary>Seconds a client should wait before polling again: grows with the job's age, 1 to 30.</summary>
    public static int RetryAfterSeconds(JobRecord job, DateTimeOffset now)
    {
        double age = Math.Max(0, (now - job.CreatedAt).TotalSeconds);
        return (int)Math.Clamp(Math.Ceiling(age / 10), 1, 30);
    }

    /// <summary>A validator that changes whenever what a client sees of the job's state changes.</summary>
    public static string ETagOf(JobRecord job) =>
        $"\"{job.UpdatedAt.UtcTicks.ToString("x", CultureInfo.InvariantCulture)}-{(int)job.Status}-{job.Progress}\"";

    /// <summary>Writes the job resource of docs/api.md (for a payload that is not a response, such as a webhook's).</summary>
    public void Write(Utf8JsonWriter writer) => ApiJson.Write(writer, JobResource.From(this), ApiJsonContext.Default.JobResource);
}
