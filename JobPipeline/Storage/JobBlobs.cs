using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using JobPipeline.Jobs;

namespace JobPipeline.Storage;

/// <summary>
/// Inputs, results, output documents and large options in one blob container, named under the tenant and job id
/// (<c>{tenant}/{job_id}/input</c>, <c>…/result</c>, <c>…/document</c>, <c>…/options</c>), so that a retried step writes
/// the same blob and deleting a job is deleting its names.
/// </summary>
internal sealed class JobBlobs(BlobContainerClient container, TimeProvider timeProvider)
{
    private readonly SemaphoreSlim _delegationKeyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    /// <summary>The underlying container client.</summary>
    public BlobContainerClient Container => container;

    /// <summary>Creates the container if it does not exist (private: no anonymous access).</summary>
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);

    /// <summary>The input blob of a job.</summary>
    public BlockBlobClient Input(JobRef job) => container.GetBlockBlobClient($"{job.Tenant}/{job.JobId}/input");

    /// <summary>The result blob of a job.</summary>
    public BlockBlobClient Result(JobRef job) => container.GetBlockBlobClient($"{job.Tenant}/{job.JobId}/result");

    /// <summary>The output document of a job whose input was a document (a redacted file).</summary>
    public BlockBlobClient Document(JobRef job) => container.GetBlockBlobClient($"{job.Tenant}/{job.JobId}/document");

    /// <summary>The options of a job whose options are too large for its row.</summary>
    public BlockBlobClient Options(JobRef job) => container.GetBlockBlobClient($"{job.Tenant}/{job.JobId}/options");

    /// <summary>Deletes a job's input, result, output document and options; no error for what is already gone.</summary>
    public async Task DeleteAllAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(
            Input(job).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken),
            Result(job).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken),
            Document(job).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken),
            Options(job).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Deletes what a submit that failed or died midway may have written: as <see cref="DeleteAllAsync"/>, and also the
    /// uncommitted blocks of an upload cut short, which no listing shows and a plain delete cannot reach (the blob does
    /// not exist yet). Committing an empty block list drops every uncommitted block; the empty blob is then deleted.
    /// </summary>
    public async Task DiscardAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(DiscardStagedAsync(Input(job), cancellationToken), DiscardStagedAsync(Options(job), cancellationToken));
        await DeleteAllAsync(job, cancellationToken);
    }

    private static async Task DiscardStagedAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.CommitBlockListAsync([], cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409)
        {
            // The container is gone, or a lease holds the blob: nothing of ours to drop.
        }
    }

    /// <summary>
    /// A read-only SAS URL for exactly one blob, valid for <paramref name="lifetime"/>: a service SAS when the
    /// client holds an account key (Azurite, connection strings), a user delegation SAS with a managed identity.
    /// </summary>
    public async Task<(Uri Url, DateTimeOffset ExpiresAt)> ReadOnlyUrlAsync(
        BlobBaseClient blob, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        DateTimeOffset expiresAt = TruncateToSeconds(now + lifetime);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresAt)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now.AddMinutes(-5),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return (blob.GenerateSasUri(sas), expiresAt);
        }

        UserDelegationKey key = await DelegationKeyAsync(expiresAt, cancellationToken);
        var uri = new BlobUriBuilder(blob.Uri)
        {
            Sas = sas.ToSasQueryParameters(key, container.GetParentBlobServiceClient().AccountName),
        };
        return (uri.ToUri(), expiresAt);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset neededUntil, CancellationToken cancellationToken)
    {
        // One key serves many URLs: ask for a new one only when the cached key ends before the URL would.
        await _delegationKeyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < neededUntil)
            {
                DateTimeOffset now = timeProvider.GetUtcNow();
                Response<UserDelegationKey> key = await container.GetParentBlobServiceClient()
                    .GetUserDelegationKeyAsync(now.AddMinutes(-5), neededUntil.AddHours(1), cancellationToken);
                _delegationKey = key.Value;
            }

            return _delegationKey;
        }
        finally
        {
            _delegationKeyLock.Release();
        }
    }
}
