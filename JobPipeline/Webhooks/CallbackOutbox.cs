using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using JobPipeline.Jobs;
using JobPipeline.Storage;

namespace JobPipeline.Webhooks;

/// <summary>
/// The durable outbox of webhook deliveries, in the index table: one entry per job that has a <c>callback_url</c>
/// (partition <c>callback|{yyyyMMddHH}</c> of the hour the job was created, row <c>{tenant}|{job_id}</c>), with the time
/// it is next due. It is written at submit, due when the job can at the latest be expected to have ended (a watchdog,
/// so a delivery is never lost even if the process that ends the job dies before it says so); a job that ends makes
/// it due at once; each failed attempt moves it later; it goes when the delivery is done (delivered or failed) or the
/// job is deleted. A sweep reads only the due entries: one range query over the partitions up to the current hour.
/// </summary>
internal sealed class CallbackOutbox(JobIndexTable index)
{
    private const string Prefix = "callback|";

    private TableClient Table => index.Client;

    /// <summary>Makes <paramref name="job"/>'s delivery due at <paramref name="dueAt"/> (written whatever was there).</summary>
    public async Task ScheduleAsync(JobRecord job, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(Partition(job.CreatedAt), Row(job.Ref))
        {
            ["Tenant"] = job.Tenant,
            ["JobId"] = job.JobId,
            ["DueAt"] = dueAt,
        };
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Up to <paramref name="max"/> entries due at or before <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<CallbackEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {Prefix} and PartitionKey le {Partition(now)} and DueAt le {now}");
        var due = new List<CallbackEntry>();
        await foreach (TableEntity entity in Table.QueryAsync<TableEntity>(filter, Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            due.Add(new CallbackEntry(
                new JobRef(entity.GetString("Tenant")!, entity.GetString("JobId")!), entity.GetDateTimeOffset("DueAt")!.Value, entity.PartitionKey, entity.RowKey, entity.ETag));
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>
    /// Moves the entry to <paramref name="dueAt"/> if it did not change since it was read; returns it as it is then, or
    /// null when someone else changed or removed it first (that one's word stands).
    /// </summary>
    public async Task<CallbackEntry?> TryMoveAsync(CallbackEntry entry, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(entry.PartitionKey, entry.RowKey)
        {
            ["Tenant"] = entry.Job.Tenant,
            ["JobId"] = entry.Job.JobId,
            ["DueAt"] = dueAt,
        };
        try
        {
            Response response = await Table.UpdateEntityAsync(entity, entry.ETag, TableUpdateMode.Replace, cancellationToken);
            return entry with { DueAt = dueAt, ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Removes the entry unless it changed since it was read (a job that ended meanwhile made it due again).</summary>
    public async Task RemoveAsync(CallbackEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, entry.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Changed or gone meanwhile: leave it to whoever did that.
        }
    }

    /// <summary>Removes the entry of <paramref name="job"/>, whatever it holds; no error when it is gone.</summary>
    public async Task RemoveAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(Partition(job.CreatedAt), Row(job.Ref), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Never written, or already done.
        }
    }

    private static string Partition(DateTimeOffset at) => Prefix + at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    private static string Row(JobRef job) => $"{job.Tenant}|{job.JobId}";
}
