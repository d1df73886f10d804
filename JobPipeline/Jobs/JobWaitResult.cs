namespace JobPipeline.Jobs;

/// <summary>How a long-poll wait ended.</summary>
/// <param name="Job">The job as it stands at the end of the wait; null when it was deleted meanwhile.</param>
/// <param name="Refused">True when the tenant already had as many waiters as allowed: nothing was waited for.</param>
public sealed record JobWaitResult(JobRecord? Job, bool Refused = false);
