namespace JobPipeline.Jobs;

/// <summary>
/// The only moves a status may make: <c>queued → processing → completed | failed</c>,
/// <c>queued | processing → canceled</c>, <c>completed | failed | canceled → expired</c>.
/// </summary>
public static class JobStatusRules
{
    /// <summary>Whether a job in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(JobStatus from, JobStatus to) => (from, to) switch
    {
        (JobStatus.Queued, JobStatus.Processing) => true,
        (JobStatus.Queued or JobStatus.Processing, JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled) => true,
        (JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled, JobStatus.Expired) => true,
        _ => false,
    };

    /// <summary>Whether the status is final for execution (it may still expire).</summary>
    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled or JobStatus.Expired;

    /// <summary>The status as the API writes it: <c>queued</c>, <c>processing</c>, …</summary>
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Processing => "processing",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Canceled => "canceled",
        JobStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Reads a status as the API writes it; false for anything else (case-sensitive).</summary>
    public static bool TryParseWire(string? text, out JobStatus status)
    {
        foreach (JobStatus candidate in Enum.GetValues<JobStatus>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
