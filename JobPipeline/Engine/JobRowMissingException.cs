using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>
/// The engine has a job whose projection row is not there: not written yet (the engine is told before the row
/// is written), or deleted. Transient for a while; the engine drops the job when it stays missing.
/// </summary>
public sealed class JobRowMissingException(JobRef job)
    : Exception($"Job {job.JobId} of tenant {job.Tenant} has no projection row.")
{
    /// <summary>The job.</summary>
    public JobRef Job { get; } = job;
}
