using System.Text.Json;
using JobPipeline.Engine;
using JobPipeline.Http;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobPipeline.Webhooks;

/// <summary>
/// Delivers the webhooks of the outbox (<see cref="CallbackOutbox"/>) that are due: for each, a lease (the entry moved
/// a little later, ETag-guarded, so two instances do not both send it), the job's row, one signed <c>POST</c>, the
/// attempt recorded on the job (<c>callback</c>), and the entry removed (delivered, or out of attempts) or moved to
/// the next attempt. At least once: a process that dies after sending and before recording sends again when the lease
/// runs out, with the same <c>webhook-id</c> (<c>msg_{job_id}</c>; a job has one terminal event). Both hosts run it
/// (<see cref="WebhookDeliveryService"/>); a job that ends in this process wakes it at once (<see cref="Signal"/>).
/// </summary>
public sealed partial class WebhookDispatcher
{
    private readonly JobTable jobs;
    private readonly JobBlobs blobs;
    private readonly CallbackOutbox outbox;
    private readonly WebhookTenants tenants;
    private readonly WebhookSender sender;
    private readonly TerminalJobCache cache;
    private readonly TimeProvider time;
    private readonly ILogger<WebhookDispatcher> logger;
    private readonly JobPipelineOptions _options;

    /// <summary>Built by <see cref="JobPipelineServiceCollectionExtensions.AddJobPipeline"/> (the storage it takes is internal).</summary>
    internal WebhookDispatcher(
        JobTable jobs,
        JobBlobs blobs,
        CallbackOutbox outbox,
        WebhookTenants tenants,
        WebhookSender sender,
        TerminalJobCache cache,
        IOptions<JobPipelineOptions> options,
        TimeProvider time,
        ILogger<WebhookDispatcher> logger)
    {
        this.jobs = jobs;
        this.blobs = blobs;
        this.outbox = outbox;
        this.tenants = tenants;
        this.sender = sender;
        this.cache = cache;
        _options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    private const int Batch = 100;
    private const int Parallelism = 8;
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes <see cref="WebhookDeliveryService"/> now: a delivery became due in this process.</summary>
    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signaled: the coming sweep sees this delivery too.
        }
    }

    /// <summary>Waits until <see cref="Signal"/> is called or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>Makes one batch of the due deliveries; true when more may be due.</summary>
    public async Task<bool> SweepAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<CallbackEntry> due = await outbox.ListDueAsync(time.GetUtcNow(), Batch, cancellationToken);
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                try
                {
                    await HandleAsync(entry, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // The entry stays (its lease runs out): a later sweep tries again.
                    LogEntryFailed(logger, e, entry.Job.Tenant, entry.Job.JobId);
                }
            });
        return due.Count >= Batch;
    }

    private async Task HandleAsync(CallbackEntry entry, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        CallbackEntry? leased = await outbox.TryMoveAsync(entry, now + _options.Webhooks.Timeout + TimeSpan.FromMinutes(1), cancellationToken);
        if (leased is null)
        {
            return;
        }

        JobRecord? row = await jobs.GetStatusAsync(entry.Job, cancellationToken);
        if (row?.CallbackUrl is not { } url || row.CallbackState != CallbackState.Pending)
        {
            // Deleted, never accepted, or done: the entry stands for nothing any more.
            await outbox.RemoveAsync(leased, cancellationToken);
            return;
        }

        if (!row.Status.IsTerminal())
        {
            // The watchdog came before the job ended: look again later (the job's end makes it due at once anyway).
            await outbox.TryMoveAsync(leased, now + _options.ReconcileAfter, cancellationToken);
            return;
        }

        WebhookAttempt attempt;
        try
        {
            attempt = await AttemptAsync(row, new Uri(url), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: hand the delivery back now rather than when the lease runs out, so that the next
            // instance (or this one restarted) sends it at once. Sent already or not, at least once holds.
            using var handBack = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await outbox.TryMoveAsync(leased, time.GetUtcNow(), handBack.Token);
            }
            catch (Exception e) when (JobSteps.IsTransient(e))
            {
                // Storage away too: the lease runs out by itself.
            }

            throw;
        }

        int attempts = row.CallbackAttempts + 1;
        CallbackState state = attempt.Delivered ? CallbackState.Delivered
            : attempts >= _options.Webhooks.MaxAttempts || attempt.Status is null && attempt.Problem == Refused ? CallbackState.Failed
            : CallbackState.Pending;
        (JobRecord? recorded, _) = await jobs.TransitionAsync(
            row.Ref,
            c => c.CallbackState == CallbackState.Pending
                ? c with { CallbackAttempts = c.CallbackAttempts + 1, CallbackLastStatus = attempt.Status, CallbackState = state, UpdatedAt = time.GetUtcNow() }
                : null,
            CancellationToken.None);
        cache.Remove(row.Ref);
        if (recorded is null || state != CallbackState.Pending)
        {
            LogDone(logger, row.Tenant, row.JobId, state, attempts, attempt.Status, attempt.Problem);
            await outbox.RemoveAsync(leased, CancellationToken.None);
            return;
        }

        LogRetry(logger, row.Tenant, row.JobId, attempts, attempt.Problem);
        await outbox.TryMoveAsync(leased, time.GetUtcNow() + _options.Webhooks.DelayAfter(attempts), CancellationToken.None);
    }

    private const string Refused = "callback_url is no longer under the tenant's callback origins";

    private async Task<WebhookAttempt> AttemptAsync(JobRecord row, Uri url, CancellationToken cancellationToken)
    {
        // The deployer may have changed the tenant's origins or secrets since the submit.
        IReadOnlyList<byte[]> secrets = tenants.SecretsOf(row.Tenant);
        if (tenants.Refusal(row.Tenant, url) is not null || secrets.Count == 0)
        {
            return new WebhookAttempt(null, Refused);
        }

        byte[] body = await PayloadAsync(row, cancellationToken);
        string id = "msg_" + row.JobId;
        long timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        return await sender.SendAsync(url, id, timestamp, WebhookSigner.Sign(secrets, id, timestamp, body), body, cancellationToken);
    }

    /// <summary>
    /// <c>{"type": "job.completed", "timestamp", "data": job resource}</c>, the result always as a pointer: a read-only SAS
    /// URL of the output document or result blob, or (for a result held in the row, or sealed) the authenticated
    /// result route, so that no result content (nor a vault's value) travels in a webhook.
    /// </summary>
    internal async Task<byte[]> PayloadAsync(JobRecord row, CancellationToken cancellationToken)
    {
        var view = new JobView(row, time.GetUtcNow());
        if (row.Status == JobStatus.Completed)
        {
            view = view with { ResultPointer = await ResultPointerAsync(row, cancellationToken) };
        }

        JobStatus outcome = row.Status == JobStatus.Expired ? row.OutcomeBeforeExpiry ?? JobStatus.Completed : row.Status;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "job." + outcome.ToWire());
            writer.WriteTime("timestamp", row.CompletedAt ?? row.UpdatedAt);
            writer.WritePropertyName("data");
            view.Write(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task<BlobPointer> ResultPointerAsync(JobRecord row, CancellationToken cancellationToken)
    {
        if (!row.Sealed && row.DocumentContentType is not null)
        {
            return await BlobPointer.CreateAsync(blobs, blobs.Document(row.Ref), row.DocumentContentType, row.DocumentSizeBytes, _options.SasLifetime, cancellationToken);
        }

        if (!row.Sealed && row.ResultInBlob)
        {
            return await BlobPointer.CreateAsync(blobs, blobs.Result(row.Ref), row.ResultContentType, row.ResultSizeBytes, _options.SasLifetime, cancellationToken);
        }

        string path = $"/api/jobs/{row.JobId}/result";
        Uri route = _options.PublicBaseUrl is { } baseUrl ? new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + path) : new Uri(path, UriKind.Relative);
        return new BlobPointer(route, null, row.ResultContentType, row.ResultSizeBytes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of job {Tenant}/{JobId}: {State} after {Attempts} attempts (last status {Status}; {Problem})")]
    private static partial void LogDone(ILogger logger, string tenant, string jobId, CallbackState state, int attempts, int? status, string? problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of job {Tenant}/{JobId}: attempt {Attempts} failed ({Problem}); it is tried again later")]
    private static partial void LogRetry(ILogger logger, string tenant, string jobId, int attempts, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of job {Tenant}/{JobId} could not be handled; it is tried again later")]
    private static partial void LogEntryFailed(ILogger logger, Exception exception, string tenant, string jobId);
}
