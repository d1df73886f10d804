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
        string connection = server.Setting("JobPipeline:Storage:ConnectionString");
        int jobRows = await CountRowsAsync(new TableClient(connection, server.Setting("JobPipeline:Storage:JobsTableName")), $"RowKey lt '{JobPipeline.Storage.JobCounters.RowKeyPrefix}'");
        int indexRows = await CountRowsAsync(new TableClient(connection, server.Setting("JobPipeline:Storage:IndexTableName")));
        int blobs = 0;
        try
        {
            await foreach (Azure.Storage.Blobs.Models.BlobItem _ in new BlobContainerClient(connection, server.Setting("JobPipeline:Storage:ContainerName")).GetBlobsAsync())
            {
                blobs++;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        int messages = 0;
        try
        {
            var queue = new QueueClient(connection, server.Setting("JobPipeline:Storage:QueueName"));
            messages = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return new StorageCounts(jobRows, indexRows, blobs, server.Host is null ? messages : await server.Host.CountEngineWorkAsync(server));
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
}
