namespace JobPipeline.Storage;

/// <summary>What an expiry-index entry is due for.</summary>
internal enum DueKind
{
    /// <summary>A terminal job's retention ends: its input, result and engine history go, the row becomes an <c>expired</c> stub.</summary>
    Expire,

    /// <summary>An <c>expired</c> stub's own retention ends: the row is deleted.</summary>
    DeleteStub,

    /// <summary>
    /// Written before a submit stores anything in Blob storage: if by then the job has no row, the submit failed or its
    /// process died midway, and whatever it stored (uncommitted blocks included) and the engine's trace are purged.
    /// </summary>
    SubmitCheck,
}
