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
    /// engine stops it. Throws <see cref="JobNotFoundException"/> for no such job and <see cref="JobAlreadyFinishedException"/> for a terminal one.
    /// </summary>
    public async Task<JobRecord> CancelAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        JobRecord row = await jobs.GetAsync(job, cancellationToken) ?? throw new JobNotFoundException(job);
        if (row.Status.IsTerminal())
        {
            throw new JobAlreadyFinishedException(job, row.Status);
        }

        JobRecord? canceled = await steps.FinishAsync(job, JobStatus.Canceled, c => c, cancellationToken) ?? throw new JobNotFoundException(job);
        if (canceled.Status != JobStatus.Canceled)
        {
            throw new JobAlreadyFinishedException(job, canceled.Status);
        }

        cancellations.Cancel(job.JobId);
        await engine.CancelAsync(job, cancellationToken);
        return canceled;
    }

    /// <summary>
    /// Deletes a job: stops it if it runs, removes its input and result (old SAS URLs then read nothing), its engine
    /// history, its idempotency claim and its row. Throws <see cref="JobNotFoundException"/> for no such job. Safe to repeat after a failure part-way.
    /// </summary>
    public async Task DeleteAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        JobRecord row = await jobs.GetAsync(job, cancellationToken) ?? throw new JobNotFoundException(job);
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
}
