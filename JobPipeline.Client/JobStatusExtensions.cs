namespace JobPipeline.Client;

/// <summary>Helpers on <see cref="JobStatus"/>.</summary>
public static class JobStatusExtensions
{
    /// <summary>Whether the status is final: completed, failed, canceled or expired.</summary>
    public static bool IsTerminal(this JobStatus status) => status is not (JobStatus.Queued or JobStatus.Processing);

    /// <summary>The status as the API writes it (<c>queued</c>, <c>processing</c>, …).</summary>
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Processing => "processing",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Canceled => "canceled",
        _ => "expired",
    };
}
