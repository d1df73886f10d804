namespace JobPipeline.Jobs;

/// <summary>The tenant has no such job (never had, another tenant's, or deleted meanwhile).</summary>
public sealed class JobNotFoundException(JobRef job) : JobException($"Job {job.JobId} not found.")
{
    /// <summary>The job asked for.</summary>
    public JobRef Job { get; } = job;
}
