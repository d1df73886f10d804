namespace JobPipeline.Jobs;

/// <summary>
/// The in-process notice that a job's row changed: raised by <see cref="Storage.JobTable"/> after each write it makes
/// (a status move, progress, a cancel, a delete), so that long-poll waiters on this instance wake at once instead of
/// at their next storage read.
/// </summary>
internal sealed class JobChanges
{
    /// <summary>A job's row was written (the row as written) or deleted (null).</summary>
    public event Action<JobRef, JobRecord?>? Changed;

    /// <summary>Tells every listener that <paramref name="job"/> now stands as <paramref name="row"/> (null: gone).</summary>
    public void Publish(JobRef job, JobRecord? row)
    {
        try
        {
            Changed?.Invoke(job, row);
        }
        catch (Exception)
        {
            // A notice is a hint for waiters; the write it follows has succeeded and must not be reported as failed.
        }
    }
}
