namespace JobPipeline.Jobs;

/// <summary>The status of a job. It only moves forward: see <see cref="JobStatusRules"/>.</summary>
public enum JobStatus
{
    /// <summary>Accepted, not started.</summary>
    Queued,

    /// <summary>A worker runs it.</summary>
    Processing,

    /// <summary>Ended with a result.</summary>
    Completed,

    /// <summary>Ended with an error.</summary>
    Failed,

    /// <summary>Canceled by the client before it ended.</summary>
    Canceled,

    /// <summary>Past retention: input and result are gone, summary and timestamps stay.</summary>
    Expired,
}
