using Azure;

namespace JobPipeline.Storage;

/// <summary>An idempotency key's claim: the job it produced and the hash of the request that made it.</summary>
internal sealed record IdempotencyClaim(string JobId, string RequestHash, DateTimeOffset ClaimedAt)
{
    /// <summary>The row's ETag, for replacing a stale claim.</summary>
    public ETag ETag { get; init; }
}
