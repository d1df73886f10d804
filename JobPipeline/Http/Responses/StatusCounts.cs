using JobPipeline.Jobs;

namespace JobPipeline.Http.Responses;

/// <summary>Jobs per status (the <c>JobStatusCounts</c> schema).</summary>
internal sealed record StatusCounts(long Queued, long Processing, long Completed, long Failed, long Canceled, long Expired)
{
    /// <summary>
    /// From counters indexed by <see cref="JobStatus"/>. A job row written before the counts existed can take a count
    /// below zero when it moves; never shown.
    /// </summary>
    public static StatusCounts Of(long[] counts)
    {
        long At(JobStatus status) => Math.Max(0, counts[(int)status]);
        return new(At(JobStatus.Queued), At(JobStatus.Processing), At(JobStatus.Completed), At(JobStatus.Failed), At(JobStatus.Canceled), At(JobStatus.Expired));
    }
}
