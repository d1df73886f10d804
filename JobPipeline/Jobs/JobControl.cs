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

        await StopAsync(job, cancellationToken);
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
            await StopAsync(job, cancellationToken);
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

    /// <summary>
    /// Stops a job whose row is canceled: the engine first (a Durable orchestration is terminated), then its processor
    /// on this instance. In that order, a processor that stops at once cannot let its orchestration complete before the
    /// termination is on its way: the orchestration ends terminated, as a cancel promises. The processor is stopped
    /// even when the engine fails to.
    /// </summary>
    private async Task StopAsync(JobRef job, CancellationToken cancellationToken)
    {
        try
        {
            await engine.CancelAsync(job, cancellationToken);
        }
        finally
        {
            cancellations.Cancel(job.JobId);
        }
    }
}
