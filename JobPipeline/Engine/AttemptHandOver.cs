using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>
/// The start step's move to <c>processing</c>, handed to the process step that follows it in the same call on the same
/// instance (the server's <c>DirectWorkflowContext</c>, the Durable fused activity). Such a start counts the job's first
/// attempt in its own write, and the process step takes the row that write left instead of counting with a write of its
/// own. One per run of the workflow, never shared: a process step that finds nothing here (a retry, a redelivery after a
/// crash, a process activity of its own) counts its attempt as always, so every attempt is counted once.
/// </summary>
internal sealed class AttemptHandOver
{
    private readonly List<DateTimeOffset> _tried = [];
    private JobRecord? _started;

    /// <summary>Notes the start time a move of this run is about to write (to know it again when the write's answer was lost).</summary>
    internal void Trying(DateTimeOffset startedAt)
    {
        lock (_tried)
        {
            _tried.Add(startedAt);
        }
    }

    /// <summary>Whether <paramref name="startedAt"/> is one a move of this run wrote.</summary>
    internal bool Tried(DateTimeOffset? startedAt)
    {
        lock (_tried)
        {
            return startedAt is { } at && _tried.Contains(at);
        }
    }

    /// <summary>The row the start step wrote, its first attempt counted.</summary>
    internal void Give(JobRecord started) => Volatile.Write(ref _started, started);

    /// <summary>The row the start step handed over, once: null when there is none (any later attempt counts itself).</summary>
    internal JobRecord? Take() => Interlocked.Exchange(ref _started, null);
}
