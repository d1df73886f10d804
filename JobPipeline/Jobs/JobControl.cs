using JobPipeline.Engine;
using JobPipeline.Storage;

namespace JobPipeline.Jobs;

/// <summary>Cancels and deletes jobs.</summary>
internal sealed class JobControl(
    JobTable jobs,
    JobIndexTable index,
    JobBlobs blobs,
    JobSteps steps,
    IJobEngine engine,
    JobCancellations cancellations,
    TerminalJobCache cache,
    Webhooks.CallbackOutbox? callbacks = null)
{
    /// <summary>
    /// Cancels a queued or processing job: the row turns <c>canceled</c> first (so nothing can complete it), then the
    /// engine stops it. Throws 404 for no such job and 409 <c>JOB_ALREADY_FINISHED</c> for a terminal one.
    /// </summary>
    public async Task<JobRecord> CancelAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        JobRecord row = await jobs.GetAsync(job, cancellationToken) ?? throw JobRequestException.NotFound();
        if (row.Status.IsTerminal())
        {
            throw AlreadyFinished(row);
        }

        JobRecord? canceled = await steps.FinishAsync(job, JobStatus.Canceled, c => c, cancellationToken) ?? throw JobRequestException.NotFound();
        if (canceled.Status != JobStatus.Canceled)
        {
            throw AlreadyFinished(canceled);
        }

        cancellations.Cancel(job.JobId);
        await engine.CancelAsync(job, cancellationToken);
        return canceled;
    }

    /// <summary>
    /// Deletes a job: stops it if it runs, removes its input and result (old SAS URLs then read nothing), its engine
    /// history, its idempotency claim and its row. Throws 404 for no such job. Safe to repeat after a failure part-way.
    /// </summary>
    public async Task DeleteAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        JobRecord row = await jobs.GetAsync(job, cancellationToken) ?? throw JobRequestException.NotFound();
        if (!row.Status.IsTerminal())
        {
            await steps.FinishAsync(job, JobStatus.Canceled, c => c, cancellationToken);
            cancellations.Cancel(job.JobId);
            await engine.CancelAsync(job, cancellationToken);
        }

        cache.Remove(job);
        await blobs.DeleteAllAsync(job, cancellationToken);
        await engine.ForgetAsync(job, cancellationToken);
        if (row.IdempotencyKeyHash is { } keyHash)
        {
            await index.ReleaseClaimOfAsync(job.Tenant, keyHash, job.JobId, cancellationToken);
        }

        if (row.CallbackUrl is not null && callbacks is not null)
        {
            // A deleted job's webhook is not sent: the job it would describe is gone.
            await callbacks.RemoveAsync(row, cancellationToken);
        }

        await jobs.DeleteAsync(job, cancellationToken);
        cache.Remove(job);
    }

    private static JobRequestException AlreadyFinished(JobRecord row) => new(409, new JobError(
        ErrorCodes.JobAlreadyFinished,
        $"The job is already {row.Status.ToWire()}.",
        new System.Text.Json.Nodes.JsonObject { ["status"] = row.Status.ToWire() }));
}
