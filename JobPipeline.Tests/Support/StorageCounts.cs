using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace JobPipeline.Tests.Support;

/// <summary>What a server has written: rows in its jobs and index tables, blobs in its container, messages in its queue (for another host, the work its engine holds: <see cref="PipelineHost.CountEngineWorkAsync"/>).</summary>
public sealed record StorageCounts(int JobRows, int IndexRows, int Blobs, int Messages)
{
    public static async Task<StorageCounts> ReadAsync(PipelineFactory server)
    {
        // The four counts are independent reads: read them at once. Another host's engine holds its work itself
        // (an orchestration, not a message in the server's queue), so its count replaces the queue's.
        string connection = server.Setting("JobPipeline:Storage:ConnectionString");
        Task<int> jobRows = CountRowsAsync(new TableClient(connection, server.Setting("JobPipeline:Storage:JobsTableName")), $"RowKey lt '{JobPipeline.Storage.JobCounters.RowKeyPrefix}'");
        Task<int> indexRows = CountRowsAsync(new TableClient(connection, server.Setting("JobPipeline:Storage:IndexTableName")));
        Task<int> blobs = CountBlobsAsync(new BlobContainerClient(connection, server.Setting("JobPipeline:Storage:ContainerName")));
        Task<int> messages = server.Host is null
            ? CountMessagesAsync(new QueueClient(connection, server.Setting("JobPipeline:Storage:QueueName")))
            : server.Host.CountEngineWorkAsync(server);
        await Task.WhenAll(jobRows, indexRows, blobs, messages);
        return new StorageCounts(await jobRows, await indexRows, await blobs, await messages);
    }

    /// <summary>The tenants' counter rows in the jobs table (<see cref="JobPipeline.Storage.JobCounters"/>), which <see cref="JobRows"/> leaves out.</summary>
    public static Task<int> CounterRowsAsync(PipelineFactory server) => CountRowsAsync(
        new TableClient(server.Setting("JobPipeline:Storage:ConnectionString"), server.Setting("JobPipeline:Storage:JobsTableName")),
        $"RowKey ge '{JobPipeline.Storage.JobCounters.RowKeyPrefix}'");

    private static async Task<int> CountRowsAsync(TableClient table, string? filter = null)
    {
        int n = 0;
        try
        {
            await foreach (TableEntity _ in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
            {
                n++;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return n;
    }

    private static async Task<int> CountBlobsAsync(BlobContainerClient container)
    {
        int n = 0;
        try
        {
            await foreach (Azure.Storage.Blobs.Models.BlobItem _ in container.GetBlobsAsync())
            {
                n++;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return n;
    }

    private static async Task<int> CountMessagesAsync(QueueClient queue)
    {
        try
        {
            return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }
}
