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

    /// <summary>Point reads of one job-shaped row; with <paramref name="statusColumns"/>, of the columns a status read selects, as the server reads it.</summary>
    public async Task<LoadResult> PointReadsAsync(BenchOptions options, bool statusColumns = false)
    {
        await _table.CreateIfNotExistsAsync();
        TableEntity row = JobTable.ToEntity(SampleRow("read"));
        await _table.UpsertEntityAsync(row);
        IEnumerable<string>? select = statusColumns ? JobTable.StatusColumnNames : null;
        return await LoadRunner.RunAsync(options.Connections, options.Warmup, options.Window, async () =>
        {
            await _table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, select);
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

    /// <summary>
    /// The storage work of a minimal job, end to end, without the pipeline: <paramref name="producers"/> loops insert a
    /// job-shaped row and send a message (a submit); a consumer receives up to 32 messages at a time and, at most
    /// <paramref name="consumers"/> at once, replaces each message's row (its completion) and deletes the message.
    /// Returns when each consumed message was done, from <paramref name="from"/> on, for <paramref name="window"/>.
    /// </summary>
    public async Task<List<DateTimeOffset>> EndToEndAsync(int producers, int consumers, TimeSpan warmup, TimeSpan window)
    {
        await _table.CreateIfNotExistsAsync();
        await _queue.CreateIfNotExistsAsync();
        var done = new List<DateTimeOffset>();
        using var stop = new CancellationTokenSource(warmup + window);
        Task[] submitters = [.. Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                JobRecord job = SampleRow(JobId.New(DateTimeOffset.UtcNow));
                try
                {
                    // Row first, so that no consumer meets a message whose row is not there yet.
                    await _table.AddEntityAsync(JobTable.ToEntity(job));
                    await _queue.SendMessageAsync($"{{\"Tenant\":\"bench\",\"JobId\":\"{job.JobId}\"}}");
                }
                catch (Azure.RequestFailedException)
                {
                    // Counted by what completes.
                }
            }
        }))];
        using var slots = new SemaphoreSlim(consumers, consumers);
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            await slots.WaitAsync();
            int free = slots.CurrentCount + 1;
            Azure.Storage.Queues.Models.QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(Math.Min(free, 32), TimeSpan.FromSeconds(60))).Value;
            }
            catch (Azure.RequestFailedException)
            {
                messages = [];
            }

            if (messages.Length == 0)
            {
                slots.Release();
                await Task.Delay(5);
                continue;
            }

            for (int i = 0; i < messages.Length; i++)
            {
                if (i > 0)
                {
                    await slots.WaitAsync();
                }

                Azure.Storage.Queues.Models.QueueMessage message = messages[i];
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        string id = System.Text.Json.JsonDocument.Parse(message.Body.ToString()).RootElement.GetProperty("JobId").GetString()!;
                        JobRecord completed = SampleRow(id) with { Status = JobStatus.Completed, Progress = 100, CompletedAt = DateTimeOffset.UtcNow, InputInline = null, ResultInline = new byte[1100] };
                        await _table.UpdateEntityAsync(JobTable.ToEntity(completed), Azure.ETag.All, TableUpdateMode.Replace);
                        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                        lock (done)
                        {
                            done.Add(DateTimeOffset.UtcNow);
                        }
                    }
                    catch (Azure.RequestFailedException)
                    {
                        // Not counted.
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }
        }

        await Task.WhenAll(submitters);
        await Task.WhenAll(running);
        return done;
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
