using System.Text.Json;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Storage;

/// <summary>A job's input as stored: small ones in the row, the rest in the job's input blob, or fetched from its <c>input_url</c>.</summary>
internal sealed class StoredJobInput(JobRecord job, JobBlobs blobs, Remote.RemoteDocuments? remote = null) : JobInput
{
    public override string? DocumentContentType => job.InputContentType;

    public override async Task<JsonElement> ReadJsonAsync(CancellationToken cancellationToken = default)
    {
        if (IsDocument)
        {
            throw new InvalidOperationException("A raw document has no JSON input; use OpenReadAsync.");
        }

        await using Stream stream = await OpenReadAsync(cancellationToken);
        using JsonDocument document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    public override async Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        if (job.InputUrl is { } url)
        {
            // Fetched when the job runs, under the deployment's URL policy; never stored.
            return remote is null
                ? throw new JobProcessingException(new JobError(ErrorCodes.InputUnreadable, "input_url is not enabled on this host.", new System.Text.Json.Nodes.JsonObject { ["field"] = "input_url" }))
                : await remote.FetchAsync(url, cancellationToken);
        }

        if (job.InputInline is { } inline)
        {
            return new MemoryStream(inline, writable: false);
        }

        if (!job.InputInBlob)
        {
            throw new InvalidOperationException($"Job {job.JobId} has no input.");
        }

        return await blobs.Input(job.Ref).OpenReadAsync(cancellationToken: cancellationToken);
    }
}
