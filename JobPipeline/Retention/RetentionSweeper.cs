using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobPipeline.Retention;

/// <summary>
/// The retention sweep: terminal jobs past <see cref="JobPipelineOptions.Retention"/> lose their input, result and
/// engine history and become <c>expired</c> stubs; stubs past <see cref="JobPipelineOptions.ExpiredStubRetention"/>
/// are deleted. It reads only the expiry index's due entries (one range query, at most
/// <see cref="JobPipelineOptions.RetentionSweepBatch"/>), never the jobs themselves in bulk, so its cost follows the
/// number of jobs it expires. Every change is idempotent and ETag-guarded, so two sweeps at once (two instances, an
/// overlapping timer) do no harm; an entry is removed only after what it stood for is done (or recorded anew), so a
/// sweep cut short is finished by the next one.
/// </summary>
public sealed partial class RetentionSweeper
{
    private readonly JobTable jobs;
    private readonly JobIndexTable index;
    private readonly JobBlobs blobs;
    private readonly IJobEngine engine;
    private readonly TerminalJobCache cache;
    private readonly TimeProvider time;
    private readonly ILogger<RetentionSweeper> logger;
    private readonly JobPipelineOptions _options;

    /// <summary>Built by <see cref="JobPipelineServiceCollectionExtensions.AddJobPipeline"/> (the storage it takes is internal).</summary>
    internal RetentionSweeper(
        JobTable jobs,
        JobIndexTable index,
        JobBlobs blobs,
        IJobEngine engine,
        TerminalJobCache cache,
        IOptions<JobPipelineOptions> options,
        TimeProvider time,
        ILogger<RetentionSweeper> logger)
    {
        this.jobs = jobs;
        this.index = index;
        this.blobs = blobs;
        this.engine = engine;
        this.cache = cache;
        _options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>
    /// How long after its entry was written a non-terminal job's entry is kept: <see cref="JobSteps"/> writes the entry
    /// just before the row turns terminal, so a young entry of a non-terminal row may belong to a job finishing now.
    /// </summary>
    internal static readonly TimeSpan FinishGrace = TimeSpan.FromMinutes(5);

    private const int Parallelism = 8;

    private enum Outcome
    {
        Expired,
        StubDeleted,
        Orphaned,
        Stale,
        Deferred,
        Failed,
    }

    /// <summary>Handles up to one batch of due index entries; entries not handled stay for the next run.</summary>
    public async Task<RetentionSweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<DueEntry> due = await index.ListDueAsync(now, _options.RetentionSweepBatch, cancellationToken);
        var outcomes = new Outcome[due.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, due.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await HandleSafelyAsync(due[i], now, ct));

        var result = new RetentionSweepResult
        {
            Listed = due.Count,
            Expired = outcomes.Count(o => o == Outcome.Expired),
            StubsDeleted = outcomes.Count(o => o == Outcome.StubDeleted),
            Orphaned = outcomes.Count(o => o == Outcome.Orphaned),
            Stale = outcomes.Count(o => o == Outcome.Stale),
            Deferred = outcomes.Count(o => o == Outcome.Deferred),
            Failed = outcomes.Count(o => o == Outcome.Failed),
            MoreDue = due.Count >= _options.RetentionSweepBatch,
        };
        if (result.Listed > 0)
        {
            LogSwept(logger, result.Listed, result.Expired, result.StubsDeleted, result.Orphaned, result.Stale, result.Deferred, result.Failed);
        }

        return result;
    }

    private async Task<Outcome> HandleSafelyAsync(DueEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await HandleAsync(entry, now, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The entry stays in the index: the next run tries again.
            LogEntryFailed(logger, e, entry.Job.Tenant, entry.Job.JobId);
            return Outcome.Failed;
        }
    }

    private async Task<Outcome> HandleAsync(DueEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entry.Kind == DueKind.SubmitCheck)
        {
            return await CheckSubmitAsync(entry, cancellationToken);
        }

        (JobRecord? row, bool expired) = await jobs.TransitionAsync(entry.Job, c => ExpireIfDue(c, entry, now), cancellationToken);
        if (row is null)
        {
            // Deleted by the client (or a stub deleted): make sure nothing of it is left behind.
            if (entry.Kind == DueKind.Expire)
            {
                await PurgeAsync(entry.Job, cancellationToken);
            }

            await index.RemoveDueAsync(entry, cancellationToken);
            return Outcome.Orphaned;
        }

        if (expired)
        {
            cache.Remove(entry.Job);
            await PurgeAsync(entry.Job, cancellationToken);
            if (row.IdempotencyKeyHash is { } keyHash)
            {
                // Retention is also how long an Idempotency-Key answers with its job: the claim goes with the input.
                await index.ReleaseClaimOfAsync(entry.Job.Tenant, keyHash, entry.Job.JobId, cancellationToken);
            }

            await ScheduleStubDeletionAsync(row, entry, cancellationToken);
            return Outcome.Expired;
        }

        if (row.Status == JobStatus.Expired)
        {
            if (entry.Kind == DueKind.Expire)
            {
                // Another sweep expired it and may have stopped before purging: purging again is harmless.
                await PurgeAsync(entry.Job, cancellationToken);
            }

            if (StubDueAt(row, entry) > now)
            {
                await ScheduleStubDeletionAsync(row, entry, cancellationToken);
                return Outcome.Stale;
            }

            await jobs.DeleteAsync(entry.Job, row, cancellationToken);
            cache.Remove(entry.Job);
            await index.RemoveDueAsync(entry, cancellationToken);
            return Outcome.StubDeleted;
        }

        if (!row.Status.IsTerminal() && entry.Kind == DueKind.Expire && now - (entry.DueAt - _options.Retention) < FinishGrace)
        {
            return Outcome.Deferred;
        }

        // Not terminal (the job will write a fresh entry when it finishes), or terminal with a later ExpiresAt (its
        // fresh entry exists): this entry says nothing any more.
        await index.RemoveDueAsync(entry, cancellationToken);
        return Outcome.Stale;
    }

    /// <summary>
    /// A submit's guard: a job with a row was accepted and has its own retention, so the entry is simply removed; a job
    /// without one was never accepted (its submit failed or its process died midway), so whatever it stored goes.
    /// </summary>
    private async Task<Outcome> CheckSubmitAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        if (await jobs.GetStatusAsync(entry.Job, cancellationToken) is not null)
        {
            await index.RemoveDueAsync(entry, cancellationToken);
            return Outcome.Stale;
        }

        await blobs.DiscardAsync(entry.Job, cancellationToken);
        await engine.ForgetAsync(entry.Job, cancellationToken);
        await index.RemoveDueAsync(entry, cancellationToken);
        return Outcome.Orphaned;
    }

    private static JobRecord? ExpireIfDue(JobRecord job, DueEntry entry, DateTimeOffset now) =>
        job.Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled && (job.ExpiresAt ?? entry.DueAt) <= now
            ? job with
            {
                Status = JobStatus.Expired,
                OutcomeBeforeExpiry = job.Status,
                UpdatedAt = now,
                InputInline = null,
                InputInBlob = false,
                ResultInline = null,
                ResultInBlob = false,
                DocumentContentType = null,
                DocumentFileName = null,
                DocumentSizeBytes = 0,
            }
            : null;

    private DateTimeOffset StubDueAt(JobRecord row, DueEntry entry) => (row.ExpiresAt ?? entry.DueAt) + _options.ExpiredStubRetention;

    /// <summary>Writes the stub-deletion entry first, then removes the old one, so the job is never missing from the index.</summary>
    private async Task ScheduleStubDeletionAsync(JobRecord row, DueEntry entry, CancellationToken cancellationToken)
    {
        await index.AddDueAsync(entry.Job, StubDueAt(row, entry), DueKind.DeleteStub, cancellationToken);

        // When both land in the same hour the upsert above replaced this very entry: its ETag changed, so this is a no-op.
        await index.RemoveDueAsync(entry, cancellationToken);
    }

    private async Task PurgeAsync(JobRef job, CancellationToken cancellationToken)
    {
        await blobs.DeleteAllAsync(job, cancellationToken);
        await engine.ForgetAsync(job, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep: {Listed} due, {Expired} expired, {StubsDeleted} stubs deleted, {Orphaned} orphans, {Stale} stale, {Deferred} deferred, {Failed} failed")]
    private static partial void LogSwept(ILogger logger, int listed, int expired, int stubsDeleted, int orphaned, int stale, int deferred, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep could not handle job {Tenant}/{JobId}; it is retried next run")]
    private static partial void LogEntryFailed(ILogger logger, Exception exception, string tenant, string jobId);
}
