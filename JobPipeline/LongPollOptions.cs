using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>Long-poll reads (<c>GET /api/jobs/{id}?wait=N</c>, <c>GET /api/operations/{id}?wait=N</c>).</summary>
public sealed class LongPollOptions
{
    /// <summary>
    /// How many requests of one tenant may wait at once on one instance; past it a waiting request answers
    /// <c>429 RATE_LIMITED</c> with <c>Retry-After</c> at once (a plain read without <c>wait</c> is not affected).
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxWaitersPerTenant { get; set; } = 1000;

    /// <summary>
    /// How often the job a request waits on is read from storage, once for all of that job's waiters on the instance
    /// (a change this instance makes wakes them at once; this catches changes made by other instances).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
