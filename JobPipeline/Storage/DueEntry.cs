using Azure;
using JobPipeline.Jobs;

namespace JobPipeline.Storage;

/// <summary>One due entry of the expiry index.</summary>
internal sealed record DueEntry(JobRef Job, DateTimeOffset DueAt, string PartitionKey, string RowKey, ETag ETag)
{
    /// <summary>What the entry is due for (entries written before kinds existed are <see cref="DueKind.Expire"/>).</summary>
    public DueKind Kind { get; init; }
}
