using JobPipeline.Jobs;

namespace JobPipeline.Retention;

/// <summary>What one <see cref="RetentionSweeper.SweepAsync"/> run did, entry by entry of the expiry index.</summary>
public sealed record RetentionSweepResult
{
    /// <summary>Due entries read from the index (at most <see cref="JobPipelineOptions.RetentionSweepBatch"/>).</summary>
    public int Listed { get; init; }

    /// <summary>Jobs this run moved to <c>expired</c> (input, result and engine history deleted).</summary>
    public int Expired { get; init; }

    /// <summary>Expired stubs this run deleted.</summary>
    public int StubsDeleted { get; init; }

    /// <summary>Entries whose row was already gone: their blobs and engine history were deleted, the entry removed.</summary>
    public int Orphaned { get; init; }

    /// <summary>Entries that no longer said anything (the job was not due, or another sweep got there first) and were removed.</summary>
    public int Stale { get; init; }

    /// <summary>Entries left in the index for a later run (a job that may be finishing right now).</summary>
    public int Deferred { get; init; }

    /// <summary>Entries that failed (storage errors); they stay in the index and are retried by the next run.</summary>
    public int Failed { get; init; }

    /// <summary>Whether the batch was full, so more entries may be due already.</summary>
    public bool MoreDue { get; init; }
}
