using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using JobPipeline.Engine;
using JobPipeline.Processing;
using JobPipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobPipeline.Jobs;

/// <summary>
/// Accepts a job: stores its input (small ones in the row, documents in Blob storage), tells the engine, then writes
/// the <c>queued</c> row. The engine hears first so that an accepted job (one whose row exists) is always one the
/// engine has; the engine waits briefly for a row it does not see yet, and drops a job whose row never appears
/// (its client got an error, not a 202).
/// </summary>
/// <remarks>
/// A submit that fails leaves nothing behind: what it stored (blobs, uncommitted blocks of an upload cut short, its
/// idempotency claim, the engine's message) is removed before the error is answered. For a submit whose process dies
/// midway, a <see cref="DueKind.SubmitCheck"/> entry in the expiry index is written before the first blob: the
/// retention sweep purges what such a job left if it never got a row (one table write per submit that stores a blob,
/// no scan of the container).
/// </remarks>
internal sealed partial class JobSubmitter(
    JobTable jobs,
    JobIndexTable index,
    JobBlobs blobs,
    IJobEngine engine,
    JobProcessorCatalog processors,
    IOptions<JobPipelineOptions> options,
    TimeProvider time,
    ILogger<JobSubmitter> logger,
    IJobDataSealer? sealer = null,
    Telemetry.JobMetrics? metrics = null,
    Webhooks.CallbackOutbox? callbacks = null)
{
    /// <summary>Inputs up to this size stay in the row.</summary>
    internal const int InlineInputMaxBytes = 32 * 1024;

    /// <summary>
    /// Options up to this many characters stay in the row; larger ones go to the job's options blob. A table string
    /// property holds at most 32 K UTF-16 characters; with the metadata (at most 8 KiB), the inline input (32 KiB) and the
    /// inline result (64 KiB) the row stays far below the 1 MiB entity limit.
    /// </summary>
    internal const int InlineOptionsMaxChars = 16 * 1024;

    /// <summary>How long after a submit began its <see cref="DueKind.SubmitCheck"/> entry is due, at the least (an upload may take long).</summary>
    internal static readonly TimeSpan MinSubmitCheckDelay = TimeSpan.FromHours(1);

    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>When an upload canceled with its request is discarded again, after the first discard (a block in flight lands within them).</summary>
    private static readonly TimeSpan[] LateBlockLooks = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    /// <summary>Stores and starts a job. Returns the job and whether it is new (false: an idempotent repeat).</summary>
    public async Task<(JobRecord Job, bool Created)> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        var job = new JobRef(submission.Tenant, JobId.New(now));
        using System.Diagnostics.Activity? span = Telemetry.JobTelemetry.StartJobActivity("job submit", System.Diagnostics.ActivityKind.Internal, job, submission.Type, traceParent: null);
        using IDisposable? scope = Telemetry.JobLog.BeginJobScope(logger, job.Tenant, job.JobId);
        bool seal = processors.Find(submission.Type)?.SealsDataAtRest ?? false;
        if (seal && sealer is null)
        {
            throw new InvalidOperationException($"Job type '{submission.Type}' seals its data at rest, but no {nameof(IJobDataSealer)} is registered.");
        }

        bool needsBlob = submission.Document is not null || submission.InputJson is { Length: > InlineInputMaxBytes } || submission.OptionsJson.Length > InlineOptionsMaxChars;
        var progress = new SubmitProgress();
        try
        {
            if (needsBlob)
            {
                TimeSpan delay = options.Value.Retention > MinSubmitCheckDelay ? options.Value.Retention : MinSubmitCheckDelay;
                progress.SubmitCheckDueAt = now + delay;
                await index.AddDueAsync(job, progress.SubmitCheckDueAt.Value, DueKind.SubmitCheck, cancellationToken);
            }

            (JobRecord? record, JobRecord? earlier) = await StoreAsync(job, submission, seal, now, progress, cancellationToken);
            if (earlier is not null)
            {
                // An idempotent repeat: its own blobs are already deleted, so its submit check has nothing left to look for.
                if (progress.SubmitCheckDueAt is { } dueAt)
                {
                    await index.RemoveDueAsync(job, dueAt, cancellationToken);
                }

                return (earlier, false);
            }

            if (record!.CallbackUrl is not null && callbacks is not null)
            {
                // The webhook's outbox entry, due when the job has at the latest ended: should the process that ends the
                // job die before it makes the entry due at once, the delivery still happens (later), never not at all.
                await callbacks.ScheduleAsync(record, now + options.Value.JobTimeout + options.Value.ReconcileAfter, cancellationToken);
                progress.Callback = record;
            }

            // This instance's worker may meet the job before its row: it waits for the insert instead of reading.
            using (jobs.Inserts.Announce(job))
            {
                await engine.StartAsync(job, cancellationToken);
                progress.EngineStarted = true;
                await jobs.InsertAsync(record!, cancellationToken);
                progress.Inserted = true;
            }

            metrics?.Submitted(record!.Type);
            Telemetry.JobLog.Accepted(logger, job.JobId, record!.Type, job.Tenant);
            await engine.AcceptedAsync(job, cancellationToken);
            return (record!, true);
        }
        catch (Exception e) when (!progress.Inserted)
        {
            Telemetry.JobTelemetry.Failed(span, e);
            if (JobSteps.IsTransient(e))
            {
                // Storage in trouble (or the client gone): the cleanup's own calls may hang as long, and the answer (a
                // 503) must not wait for them. It runs on its own; the submit check covers whatever it cannot reach.
                _ = Task.Run(() => CleanUpAsync(job, progress, e), CancellationToken.None);
            }
            else
            {
                await CleanUpAsync(job, progress, e);
            }

            throw;
        }
    }

    private async Task<(JobRecord? Record, JobRecord? Earlier)> StoreAsync(
        JobRef job, JobSubmission submission, bool seal, DateTimeOffset now, SubmitProgress progress, CancellationToken cancellationToken)
    {
        byte[]? inline = null;
        bool inBlob = false;
        byte[]? requestHash = submission.RequestHash;
        if (submission.Document is not null)
        {
            requestHash = await StoreDocumentAsync(job, submission, cancellationToken);
            inBlob = true;
        }
        else if (submission.InputJson is { } input)
        {
            byte[] stored = seal ? sealer!.Seal(job, JobDataParts.Input, input) : input;
            if (input.Length <= InlineInputMaxBytes)
            {
                inline = stored;
            }
            else
            {
                await UploadAsync(blobs.Input(job), stored, seal ? "application/octet-stream" : "application/json", cancellationToken);
                inBlob = true;
            }
        }

        bool optionsInBlob = submission.OptionsJson.Length > InlineOptionsMaxChars;
        if (optionsInBlob)
        {
            await UploadAsync(blobs.Options(job), Encoding.UTF8.GetBytes(submission.OptionsJson), "application/json", cancellationToken);
        }

        if (submission.IdempotencyKey is { } key)
        {
            progress.KeyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            JobRecord? earlier = await ClaimAsync(job, progress.KeyHash, Convert.ToHexStringLower(requestHash ?? []), now, cancellationToken);
            if (earlier is not null)
            {
                progress.KeyHash = null;
                await blobs.DeleteAllAsync(job, cancellationToken);
                return (null, earlier);
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
            OptionsJson = optionsInBlob ? "{}" : submission.OptionsJson,
            OptionsInBlob = optionsInBlob,
            IdempotencyKeyHash = progress.KeyHash,
            InputContentType = submission.DocumentContentType,
            InputUrl = submission.InputUrl,
            OutputUrl = submission.OutputUrl,
            CallbackUrl = submission.CallbackUrl,
            InputInline = inline,
            InputInBlob = inBlob,
            Sealed = seal,
            TraceParent = Telemetry.JobTelemetry.CurrentTraceParent(),
        };
        return (record, null);
    }

    private static Task UploadAsync(BlockBlobClient blob, byte[] content, string contentType, CancellationToken cancellationToken) =>
        blob.UploadAsync(new MemoryStream(content, writable: false), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        }, cancellationToken);

    /// <summary>
    /// Undoes a submit that failed before its row was written, whatever the failure (storage, a 413 midway, the client
    /// gone): the request's own token may be canceled, so cleanup runs on its own, bounded. The
    /// <see cref="DueKind.SubmitCheck"/> entry goes only when everything is known to be gone; after a cancellation a
    /// canceled block upload may still land, so the upload is discarded twice more within a few seconds and the entry
    /// stays for the retention sweep to look again.
    /// </summary>
    private async Task CleanUpAsync(JobRef job, SubmitProgress progress, Exception cause)
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            if (progress.SubmitCheckDueAt is not null)
            {
                await blobs.DiscardAsync(job, timeout.Token);
            }

            if (progress.KeyHash is { } keyHash)
            {
                await index.ReleaseClaimOfAsync(job.Tenant, keyHash, job.JobId, timeout.Token);
            }

            if (progress.Callback is { } callback)
            {
                await callbacks!.RemoveAsync(callback, timeout.Token);
            }

            if (progress.EngineStarted)
            {
                // The engine may still hold the job a while (a Durable instance waiting for its row): look again later.
                if (progress.SubmitCheckDueAt is null)
                {
                    await index.AddDueAsync(job, time.GetUtcNow() + MinSubmitCheckDelay, DueKind.SubmitCheck, timeout.Token);
                }

                await engine.ForgetAsync(job, timeout.Token);
            }

            if (progress.SubmitCheckDueAt is { } checkDueAt && !progress.EngineStarted && !IsCancellation(cause))
            {
                await index.RemoveDueAsync(job, checkDueAt, timeout.Token);
            }

            if (progress.SubmitCheckDueAt is not null && IsCancellation(cause))
            {
                // A block upload canceled with the request may still land after the discard above: drop such blocks
                // again shortly, so that an aborted upload does not wait for the retention sweep to go.
                foreach (TimeSpan pause in LateBlockLooks)
                {
                    await Task.Delay(pause, time, timeout.Token);
                    await blobs.DiscardAsync(job, timeout.Token);
                }
            }
        }
        catch (Exception e)
        {
            // Whatever went wrong, the submit check entry (written before any blob) leaves it to the retention sweep.
            LogCleanupFailed(logger, e, job.Tenant, job.JobId, cause.GetType().Name);
        }
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || e.InnerException is OperationCanceledException;

    private async Task<byte[]> StoreDocumentAsync(JobRef job, JobSubmission submission, CancellationToken cancellationToken)
    {
        // Hash while streaming, so an idempotent raw submit never holds the document in memory.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{submission.Type}\n{submission.DocumentContentType}\n{submission.OptionsJson}\n{submission.MetadataJson}\n"));
        if (submission.CallbackUrl is { } callbackUrl)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"callback_url\n{callbackUrl}\n"));
        }

        await using var limited = new LimitedHashingStream(submission.Document!, submission.MaxDocumentBytes, hash);
        try
        {
            await blobs.Input(job).UploadAsync(limited, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = submission.DocumentContentType },
                TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumTransferSize = 4 * 1024 * 1024, InitialTransferSize = 4 * 1024 * 1024 },
            }, cancellationToken);
        }
        catch (Exception) when (limited.Failure is not null)
        {
            // The upload failed because the body did (a client gone mid-upload cancels the upload too): report the cause.
        }

        if (limited.Failure is { } failure)
        {
            // The body ended early: what was uploaded is a truncated document, which the caller's cleanup removes.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return hash.GetHashAndReset();
    }

    private async Task<JobRecord?> ClaimAsync(JobRef job, string keyHash, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
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
                throw new IdempotencyKeyReusedException(existing.JobId);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean up after the failed submit of job {Tenant}/{JobId} ({Cause}); the retention sweep will")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string tenant, string jobId, string cause);

    /// <summary>How far a submit got, so that its cleanup undoes exactly that.</summary>
    private sealed class SubmitProgress
    {
        public DateTimeOffset? SubmitCheckDueAt { get; set; }

        public string? KeyHash { get; set; }

        public bool EngineStarted { get; set; }

        public JobRecord? Callback { get; set; }

        public bool Inserted { get; set; }
    }
}
