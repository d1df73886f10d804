namespace JobPipeline.Engine;

/// <summary>
/// The pauses of an engine that looks again for a job's row within one run of its start step: the submitter tells the
/// engine before it writes the row, so a start may come a few milliseconds early, and a look costs one table read
/// where a retry costs a redelivery or a durable timer. These looks are the first, cheap part of the whole wait for a
/// row, <see cref="JobPipelineOptions.JobRowWait"/>.
/// </summary>
internal static class JobRowLooks
{
    private static readonly TimeSpan[] FirstPauses = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)];

    private static readonly TimeSpan LaterPause = TimeSpan.FromMilliseconds(200);

    /// <summary>The pause after look <paramref name="look"/> (1-based) found no row: 20, 50, 100, then 200 ms.</summary>
    public static TimeSpan PauseAfter(int look) => look <= FirstPauses.Length ? FirstPauses[look - 1] : LaterPause;
}
