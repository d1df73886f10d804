using System.Collections.Concurrent;
using JobPipeline.Jobs;

namespace JobPipeline.Storage;

/// <summary>
/// The rows of unfinished jobs this instance wrote last, each with the ETag storage gave it, so that the job's next
/// change (the worker's start right after the submit's insert, the process step right after the start) is written
/// against that ETag without reading the row first. Only ever the starting point of an ETag-guarded write: when
/// another writer changed the row meanwhile, the write is refused and the change is decided again on a fresh read,
/// and a change that would leave a remembered row as it is is never answered from memory. Bounded in count and age,
/// so a burst of submits or rows that nobody changes again cost a little memory for a short while only.
/// </summary>
internal sealed class WrittenRows(TimeProvider time)
{
    /// <summary>How many rows are remembered at most.</summary>
    internal const int Capacity = 256;

    /// <summary>How long a row is remembered.</summary>
    internal static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Tenant, string JobId), (JobRecord Row, DateTimeOffset At)> _rows = new();

    /// <summary>Remembers <paramref name="row"/> (with its ETag) as this instance's last write of it; a terminal row is forgotten instead.</summary>
    public void Remember(JobRecord row)
    {
        if (row.ETag == default || row.Status.IsTerminal())
        {
            Forget(row.Ref);
            return;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (_rows.Count >= Capacity)
        {
            Trim(now);
        }

        // Full of fresh rows: a new one is not kept (its next change reads first, as before); a known one is updated.
        if (_rows.Count < Capacity || _rows.ContainsKey((row.Tenant, row.JobId)))
        {
            _rows[(row.Tenant, row.JobId)] = (row, now);
        }
    }

    /// <summary>The row this instance last wrote for <paramref name="job"/>, if it still remembers it.</summary>
    public JobRecord? Find(JobRef job) =>
        _rows.TryGetValue((job.Tenant, job.JobId), out (JobRecord Row, DateTimeOffset At) entry) && time.GetUtcNow() - entry.At < Lifetime ? entry.Row : null;

    /// <summary>Forgets <paramref name="job"/>'s row (deleted, finished, or written by someone else).</summary>
    public void Forget(JobRef job) => _rows.TryRemove((job.Tenant, job.JobId), out _);

    /// <summary>How many rows are remembered (for tests).</summary>
    internal int Count => _rows.Count;

    private void Trim(DateTimeOffset now)
    {
        foreach (((string Tenant, string JobId) key, (JobRecord Row, DateTimeOffset At) entry) in _rows)
        {
            if (now - entry.At >= Lifetime)
            {
                _rows.TryRemove(key, out _);
            }
        }
    }
}
