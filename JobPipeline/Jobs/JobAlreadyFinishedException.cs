namespace JobPipeline.Jobs;

/// <summary>A job that has already ended cannot be canceled.</summary>
public sealed class JobAlreadyFinishedException(JobRef job, JobStatus status) : JobException($"Job {job.JobId} is already {status.ToWire()}.")
{
    /// <summary>The job.</summary>
    public JobRef Job { get; } = job;

    /// <summary>The terminal status it ended in.</summary>
    public JobStatus Status { get; } = status;
}
