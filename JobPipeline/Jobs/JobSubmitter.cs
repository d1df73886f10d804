using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using JobPipeline.Storage;
using Microsoft.Extensions.Options;

namespace JobPipeline.Jobs;

/// <summary>
/// Accepts a job: stores its input (small ones in the row, documents in Blob storage), tells the engine, then writes
/// the <c>queued</c> row. The engine hears first so that an accepted job (one whose row exists) is always one the
/// engine has; the engine waits briefly for a row it does not see yet, and drops a job whose row never appears
/// (its client got an error, not a 202).
/// </summary>
public sealed class JobSubmitter(
    JobTable jobs,
    JobIndexTable index,
    JobBlobs blobs,
    IJobEngine engine,
    IOptions<JobPipelineOptions> options,
    TimeProvider time)
{
    /// <summary>Inputs up to this size stay in the row.</summary>
    internal const int InlineInputMaxBytes = 32 * 1024;

    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(5);

    /// <summary>Stores and starts a job. Returns the job and whether it is new (false: an idempotent repeat).</summary>
    public async Task<(JobRecord Job, bool Created)> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        var job = new JobRef(submission.Tenant, JobId.New(now));
        byte[]? inline = null;
        bool inBlob = false;
        byte[]? requestHash = submission.RequestHash;
        if (submission.Document is not null)
        {
            requestHash = await StoreDocumentAsync(job, submission, cancellationToken);
            inBlob = true;
        }
        else if (submission.InputJson is { Length: <= InlineInputMaxBytes })
        {
            inline = submission.InputJson;
        }
        else if (submission.InputJson is not null)
        {
            await blobs.Input(job).UploadAsync(new MemoryStream(submission.InputJson, writable: false), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken);
            inBlob = true;
        }

        if (submission.IdempotencyKey is { } key)
        {
            JobRecord? earlier = await ClaimAsync(job, key, Convert.ToHexStringLower(requestHash ?? []), now, cancellationToken);
            if (earlier is not null)
            {
                await blobs.DeleteAllAsync(job, cancellationToken);
                return (earlier, false);
            }
        }

        var record = new JobRecord
        {
            Tenant = job.Tenant,
            JobId = job.JobId,
            Type = submission.Type,
            Status = JobStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            MetadataJson = submission.MetadataJson,
            OptionsJson = submission.OptionsJson,
            InputContentType = submission.DocumentContentType,
            InputUrl = submission.InputUrl,
            OutputUrl = submission.OutputUrl,
            InputInline = inline,
            InputInBlob = inBlob,
        };
        await engine.StartAsync(job, cancellationToken);
        await jobs.InsertAsync(record, cancellationToken);
        await engine.AcceptedAsync(job, cancellationToken);
        return (record, true);
    }

    private async Task<byte[]> StoreDocumentAsync(JobRef job, JobSubmission submission, CancellationToken cancellationToken)
    {
        // Hash while streaming, so an idempotent raw submit never holds the document in memory.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{submission.Type}\n{submission.DocumentContentType}\n{submission.OptionsJson}\n{submission.MetadataJson}\n"));
        await using var limited = new LimitedHashingStream(submission.Document!, submission.MaxDocumentBytes, hash);
        await blobs.Input(job).UploadAsync(limited, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = submission.DocumentContentType },
            TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumTransferSize = 4 * 1024 * 1024, InitialTransferSize = 4 * 1024 * 1024 },
        }, cancellationToken);
        return hash.GetHashAndReset();
    }

    private async Task<JobRecord?> ClaimAsync(JobRef job, string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var claim = new IdempotencyClaim(job.JobId, requestHash, now);
        while (true)
        {
            IdempotencyClaim? existing = await index.TryClaimAsync(job.Tenant, keyHash, claim, cancellationToken);
            if (existing is null)
            {
                return null;
            }

            bool stale = existing.ClaimedAt + options.Value.Retention < now;
            if (!stale && existing.RequestHash != requestHash)
            {
                await blobs.DeleteAllAsync(job, cancellationToken);
                throw new JobRequestException(409, new JobError(
                    ErrorCodes.IdempotencyKeyReused,
                    "This Idempotency-Key was used with a different request.",
                    new System.Text.Json.Nodes.JsonObject { ["job_id"] = existing.JobId }));
            }

            if (!stale)
            {
                JobRecord? earlier = await WaitForRowAsync(new JobRef(job.Tenant, existing.JobId), existing.ClaimedAt, cancellationToken);
                if (earlier is not null)
                {
                    return earlier;
                }
            }

            // The claim is past retention, or its job was never written (its submit failed): take it over.
            if (await index.ReplaceClaimAsync(job.Tenant, keyHash, existing, claim, cancellationToken))
            {
                return null;
            }
        }
    }

    private async Task<JobRecord?> WaitForRowAsync(JobRef job, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        // A concurrent identical submit may have claimed the key a moment ago and not yet written its row.
        while (true)
        {
            JobRecord? row = await jobs.GetAsync(job, cancellationToken);
            if (row is not null || time.GetUtcNow() - claimedAt > ClaimWait)
            {
                return row;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }
}
