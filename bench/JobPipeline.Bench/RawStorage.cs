using Azure.Data.Tables;
using Azure.Storage.Queues;
using JobPipeline.Jobs;
using JobPipeline.Storage;

namespace JobPipeline.Bench;

/// <summary>
/// The ceiling: the same storage operations the server needs, from a plain SDK client at the same concurrency.
/// A status read is one table point read; a submit is one table insert plus one queue send.
/// </summary>
public sealed class RawStorage(string connectionString)
{
    private readonly TableClient _table = new(connectionString, "rawbaseline");
    private readonly QueueClient _queue = new(connectionString, "rawbaseline");

    /// <summary>Point reads of one job-shaped row.</summary>
    public async Task<LoadResult> PointReadsAsync(BenchOptions options)
    {
        await _table.CreateIfNotExistsAsync();
        TableEntity row = JobTable.ToEntity(SampleRow("read"));
        await _table.UpsertEntityAsync(row);
        return await LoadRunner.RunAsync(options.Connections, options.Warmup, options.Window, async () =>
        {
            await _table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey);
            return true;
        });
    }

    /// <summary>Inserts of new job-shaped rows, each followed by a queue send.</summary>
    public async Task<LoadResult> InsertAndSendAsync(BenchOptions options)
    {
        await _table.CreateIfNotExistsAsync();
        await _queue.CreateIfNotExistsAsync();
        return await LoadRunner.RunAsync(options.Connections, options.Warmup, options.Window, async () =>
        {
            JobRecord job = SampleRow(JobId.New(DateTimeOffset.UtcNow));
            await _queue.SendMessageAsync($"{{\"Tenant\":\"bench\",\"JobId\":\"{job.JobId}\"}}");
            await _table.AddEntityAsync(JobTable.ToEntity(job));
            return true;
        });
    }

    private static JobRecord SampleRow(string id) => new()
    {
        Tenant = "bench",
        JobId = id,
        Type = "json.format",
        Status = JobStatus.Queued,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        OptionsJson = "{\"indent\":2}",
        InputInline = new byte[1100],
    };
}
