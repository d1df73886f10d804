namespace JobPipeline.Jobs;

/// <summary>An idempotency key already claimed by another request (another body) within retention.</summary>
public sealed class IdempotencyKeyReusedException(string existingJobId) : JobException("This Idempotency-Key was used with a different request.")
{
    /// <summary>The job the key belongs to.</summary>
    public string ExistingJobId { get; } = existingJobId;
}
