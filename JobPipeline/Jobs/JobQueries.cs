using System.Text.Json.Nodes;
using JobPipeline.Engine;
using JobPipeline.Storage;
using Microsoft.Extensions.Options;

namespace JobPipeline.Jobs;

/// <summary>
/// Reads jobs for the API: one point read per job, repaired from the engine when the row has gone quiet while the
/// engine says execution ended (<see cref="JobPipelineOptions.ReconcileAfter"/>), and terminal rows served from a
/// short-lived cache, since they do not change until they expire.
/// </summary>
internal sealed class JobQueries(
    JobTable jobs,
    JobSteps steps,
    IJobEngine engine,
    TerminalJobCache cache,
    IOptions<JobPipelineOptions> options,
    TimeProvider time)
{
    private readonly JobPipelineOptions _options = options.Value;

    /// <summary>
    /// The tenant's job, or null when the tenant has no such job. Without <paramref name="includeInput"/> the record
    /// lacks the inline input and the options (a status read does not carry them).
    /// </summary>
    public async Task<JobRecord?> GetAsync(JobRef job, bool includeInput = false, CancellationToken cancellationToken = default)
    {
        if (!includeInput && cache.TryGet(job, out JobRecord? cached))
        {
            return cached;
        }

        JobRecord? row = includeInput
            ? await jobs.GetAsync(job, cancellationToken)
            : await jobs.GetStatusAsync(job, cancellationToken);
        if (row is null)
        {
            return null;
        }

        if (!row.Status.IsTerminal() && time.GetUtcNow() - row.UpdatedAt > _options.ReconcileAfter)
        {
            row = await ReconcileAsync(row, cancellationToken) ?? row;
        }

        cache.Offer(row);
        return row;
    }

    /// <summary>One page of the tenant's jobs, newest first.</summary>
    public Task<(IReadOnlyList<JobRecord> Jobs, string? Continuation)> ListAsync(
        string tenant, JobStatus? status, string? type, int limit, string? continuation, CancellationToken cancellationToken = default) =>
        jobs.ListAsync(tenant, status, type, limit, continuation, cancellationToken);

    /// <summary>
    /// Brings a row that fell behind in line with the engine: execution that failed or was terminated outside the
    /// workflow ends the job <c>failed</c> or <c>canceled</c>; a queued job the engine never heard of is handed to it again.
    /// </summary>
    private async Task<JobRecord?> ReconcileAsync(JobRecord row, CancellationToken cancellationToken)
    {
        // Whatever the engine knows: a job still processing well past its time limit, with nothing written for as
        // long, has lost its worker and its engine's trace (the worker would have ended it at the limit).
        if (row.Status == JobStatus.Processing &&
            (row.StartedAt ?? row.CreatedAt) + _options.JobTimeout + _options.ReconcileAfter < time.GetUtcNow())
        {
            return await steps.TimeOutAsync(row.Ref, cancellationToken);
        }

        EngineJobState? state = await engine.GetStateAsync(row.Ref, cancellationToken);
        switch (state?.Phase)
        {
            case EnginePhase.Failed:
                // The engine's own failure text may carry internals: the client gets the fact, not the text.
                var error = new JobError(ErrorCodes.InternalError, "The job's execution failed.", new JsonObject(), Retryable: true);
                return await steps.FinishAsync(row.Ref, JobStatus.Failed, c => c with { Error = error }, cancellationToken);
            case EnginePhase.Terminated:
                return await steps.FinishAsync(row.Ref, JobStatus.Canceled, c => c, cancellationToken);
            case EnginePhase.Unknown when row.Status == JobStatus.Queued:
                await engine.StartAsync(row.Ref, cancellationToken);
                return null;
            default:
                return null;
        }
    }
}
