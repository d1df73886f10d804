using System.Text.Json;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Storage;

/// <summary>
/// A job's input as stored: small ones in the row, the rest in the job's input blob, or fetched from its
/// <c>input_url</c>; opened when it is sealed.
/// </summary>
internal sealed class StoredJobInput(JobRecord job, JobBlobs blobs, IJobDataSealer? sealer = null, Remote.RemoteDocuments? remote = null) : JobInput
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
        if (job.Sealed)
        {
            return new MemoryStream(await ReadSealedAsync(job, blobs, sealer, cancellationToken), writable: false);
        }

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

    /// <summary>The opened input of a sealed job, from its row or its input blob.</summary>
    internal static async Task<byte[]> ReadSealedAsync(JobRecord job, JobBlobs blobs, IJobDataSealer? sealer, CancellationToken cancellationToken)
    {
        if (sealer is null)
        {
            throw new InvalidOperationException($"Job {job.JobId} is sealed, but no {nameof(IJobDataSealer)} is registered.");
        }

        byte[] sealedInput = job.InputInline
            ?? (job.InputInBlob
                ? (await blobs.Input(job.Ref).DownloadContentAsync(cancellationToken)).Value.Content.ToArray()
                : throw new InvalidOperationException($"Job {job.JobId} has no input."));
        return sealer.Open(job.Ref, JobDataParts.Input, sealedInput);
    }
}
