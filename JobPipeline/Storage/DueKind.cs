namespace JobPipeline.Storage;

/// <summary>What an expiry-index entry is due for.</summary>
public enum DueKind
{
    /// <summary>A terminal job's retention ends: its input, result and engine history go, the row becomes an <c>expired</c> stub.</summary>
    Expire,

    /// <summary>An <c>expired</c> stub's own retention ends: the row is deleted.</summary>
    DeleteStub,
}
