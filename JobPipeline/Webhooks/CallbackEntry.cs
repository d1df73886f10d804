using Azure;
using JobPipeline.Jobs;

namespace JobPipeline.Webhooks;

/// <summary>One job's entry in the callback outbox, as listed (its ETag guards every change made from it).</summary>
public sealed record CallbackEntry(JobRef Job, DateTimeOffset DueAt, string PartitionKey, string RowKey, ETag ETag);
