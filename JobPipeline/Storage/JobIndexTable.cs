using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using JobPipeline.Jobs;

namespace JobPipeline.Storage;

/// <summary>
/// The secondary rows that keep reads cheap: idempotency keys (<c>idem|{tenant}</c> partition, row = key hash)
/// and the expiry index (<c>expiry|{yyyyMMddHH}</c> partition of the hour a job is due, row = <c>{tenant}|{job_id}</c>),
/// so the retention sweep reads only what is due instead of every job of every tenant.
/// </summary>
internal sealed class JobIndexTable(TableClient table)
{
    private const string ExpiryPrefix = "expiry|";
    private const string DeleteStubKind = "stub";
    private const string SubmitCheckKind = "submit";

    /// <summary>The underlying table client.</summary>
    public TableClient Client => table;

    /// <summary>Creates the table if it does not exist.</summary>
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>
    /// Claims an idempotency key for a job. Returns null when the claim is new, else the claim that was there
    /// first (the caller then answers with that job, or refuses a different body).
    /// </summary>
    public async Task<IdempotencyClaim?> TryClaimAsync(string tenant, string keyHash, IdempotencyClaim claim, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity("idem|" + tenant, keyHash)
        {
            ["JobId"] = claim.JobId,
            ["RequestHash"] = claim.RequestHash,
            ["ClaimedAt"] = claim.ClaimedAt,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            NullableResponse<TableEntity> existing =
                await table.GetEntityIfExistsAsync<TableEntity>("idem|" + tenant, keyHash, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                // Released between our insert and our read: try again once more.
                return await TryClaimAsync(tenant, keyHash, claim, cancellationToken);
            }

            TableEntity found = existing.Value!;
            if (found.GetString("JobId") == claim.JobId)
            {
                // Our own insert: it landed, its answer was lost, and the client's retry met it.
                return null;
            }

            return new IdempotencyClaim(found.GetString("JobId")!, found.GetString("RequestHash")!, found.GetDateTimeOffset("ClaimedAt") ?? default)
            {
                ETag = found.ETag,
            };
        }
    }

    /// <summary>Replaces a stale claim (past retention, or its job never got written) with a new one; false if someone else did first.</summary>
    public async Task<bool> ReplaceClaimAsync(string tenant, string keyHash, IdempotencyClaim stale, IdempotencyClaim claim, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity("idem|" + tenant, keyHash)
        {
            ["JobId"] = claim.JobId,
            ["RequestHash"] = claim.RequestHash,
            ["ClaimedAt"] = claim.ClaimedAt,
        };
        try
        {
            await table.UpdateEntityAsync(entity, stale.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Removes the idempotency claim of <paramref name="keyHash"/> if it still names <paramref name="jobId"/> (a submit that failed gives its claim back).</summary>
    public async Task ReleaseClaimOfAsync(string tenant, string keyHash, string jobId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> existing =
            await table.GetEntityIfExistsAsync<TableEntity>("idem|" + tenant, keyHash, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("JobId") == jobId)
        {
            try
            {
                await table.DeleteEntityAsync("idem|" + tenant, keyHash, existing.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Taken over by another submit meanwhile: it is theirs now.
            }
        }
    }

    /// <summary>Removes an idempotency claim.</summary>
    public async Task ReleaseClaimAsync(string tenant, string keyHash, CancellationToken cancellationToken = default) =>
        await table.DeleteEntityAsync("idem|" + tenant, keyHash, ETag.All, cancellationToken);

    /// <summary>Records that <paramref name="job"/> is due for the retention sweep at <paramref name="dueAt"/> (to expire it).</summary>
    public Task AddDueAsync(JobRef job, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        AddDueAsync(job, dueAt, DueKind.Expire, cancellationToken);

    /// <summary>
    /// Records that <paramref name="job"/> is due for the retention sweep at <paramref name="dueAt"/>, for
    /// <paramref name="kind"/>. An entry of the same job in the same hour is replaced (its ETag changes, so a sweep
    /// holding the old one cannot remove the new one).
    /// </summary>
    public async Task AddDueAsync(JobRef job, DateTimeOffset dueAt, DueKind kind, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(ExpiryPartition(dueAt), $"{job.Tenant}|{job.JobId}")
        {
            ["Tenant"] = job.Tenant,
            ["JobId"] = job.JobId,
            ["DueAt"] = dueAt,
            ["Kind"] = kind switch { DueKind.DeleteStub => DeleteStubKind, DueKind.SubmitCheck => SubmitCheckKind, _ => "expire" },
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Up to <paramref name="max"/> index entries due at or before <paramref name="now"/>, oldest hour first:
    /// one range query over the index partitions up to the current hour, so its cost follows what is due.
    /// </summary>
    public async Task<IReadOnlyList<DueEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        string upper = ExpiryPartition(now);
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {ExpiryPrefix} and PartitionKey le {upper} and DueAt le {now}");
        var due = new List<DueEntry>();
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            due.Add(new DueEntry(new JobRef(entity.GetString("Tenant")!, entity.GetString("JobId")!), entity.GetDateTimeOffset("DueAt")!.Value, entity.PartitionKey, entity.RowKey, entity.ETag)
            {
                Kind = entity.GetString("Kind") switch { DeleteStubKind => DueKind.DeleteStub, SubmitCheckKind => DueKind.SubmitCheck, _ => DueKind.Expire },
            });
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>Removes a processed index entry, unless it changed since it was listed.</summary>
    public async Task RemoveDueAsync(DueEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, entry.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Another sweep took it, or it was moved to a later time: leave it to that.
        }
    }

    /// <summary>Removes the entry of <paramref name="job"/> due in the hour of <paramref name="dueAt"/>, whatever its kind; no error when it is gone.</summary>
    public async Task RemoveDueAsync(JobRef job, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(ExpiryPartition(dueAt), $"{job.Tenant}|{job.JobId}", ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Already handled by a sweep.
        }
    }

    private static string ExpiryPartition(DateTimeOffset at) =>
        ExpiryPrefix + at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
}
