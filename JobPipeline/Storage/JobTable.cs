using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Storage;

/// <summary>
/// The status projection: one row per job in the <c>jobs</c> table, partition = tenant, row key = job id
/// (newest first by construction of <see cref="JobId"/>). Every change goes through <see cref="TransitionAsync(JobRef, Func{JobRecord, JobRecord?}, CancellationToken)"/>,
/// guarded by the row's ETag, so concurrent writers never lose an update. Each write and delete is announced on
/// <paramref name="changes"/> (when given), for long-poll waiters in this process.
/// </summary>
/// <param name="table">The table.</param>
/// <param name="changes">Where this process hears of the rows it writes.</param>
/// <param name="time">The clock of the remembered rows' lifetime (<see cref="WrittenRows"/>).</param>
/// <remarks>
/// A write that changes a job's status (insert, status move, delete) goes through <see cref="Counters"/> in one
/// transaction with the tenant's counts; other writes (progress, attempts) are a plain conditional replace.
/// </remarks>
internal sealed class JobTable(TableClient table, JobChanges? changes = null, TimeProvider? time = null)
{
    // A job's next change usually follows this instance's last write of it: starting from that row and its ETag
    // saves the read (the ETag still guards the write).
    private readonly WrittenRows _written = new(time ?? TimeProvider.System);

    /// <summary>The underlying table client.</summary>
    public TableClient Client => table;

    /// <summary>The rows this instance's submitter is about to insert, which its own worker waits for instead of reading.</summary>
    internal InsertsInFlight Inserts { get; } = new();

    /// <summary>
    /// The row this instance wrote last for <paramref name="job"/> (with the ETag storage gave it), if it still remembers
    /// it: no other write of it went through this instance since. Null when it does not remember one.
    /// </summary>
    internal JobRecord? LastWritten(JobRef job) => _written.Find(job);

    /// <summary>The tenants' job counts by type and status, kept in this table with the rows they count.</summary>
    public JobCounters Counters { get; } = new(table);

    /// <summary>Creates the table if it does not exist.</summary>
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>One point read; null when there is no such row.</summary>
    public async Task<JobRecord?> GetAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response =
            await table.GetEntityIfExistsAsync<TableEntity>(job.Tenant, job.JobId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// One point read of what a status answer shows: every column but the input and the options, which can be large
    /// and which no status answer contains. The record has no ETag, so it is never written back.
    /// </summary>
    public async Task<JobRecord?> GetStatusAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> response =
            await table.GetEntityIfExistsAsync<TableEntity>(job.Tenant, job.JobId, StatusColumns, cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) with { ETag = default } : null;
    }

    /// <summary>
    /// Inserts a new job row. A conflict is this very insert, tried again by the storage client after its first answer
    /// was lost (a timeout while storage was slow): job ids are unique, so no other writer can have made that row.
    /// </summary>
    public async Task InsertAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        try
        {
            ETag added = await Counters.WriteAsync(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(job)), job.Type, null, job.Status, cancellationToken);
            _written.Remember(job with { ETag = added });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already there: done.
        }
    }

    /// <summary>Deletes a job row, whatever its status, and takes it out of the tenant's counts; no error when it is already gone.</summary>
    public Task DeleteAsync(JobRef job, CancellationToken cancellationToken = default) => DeleteAsync(job, known: null, cancellationToken);

    /// <summary>
    /// As <see cref="DeleteAsync(JobRef, CancellationToken)"/>; <paramref name="known"/> (the row with its ETag) saves a
    /// read when the row has not changed since.
    /// </summary>
    public async Task DeleteAsync(JobRef job, JobRecord? known, CancellationToken cancellationToken = default)
    {
        _written.Forget(job);
        JobRecord? row = known is { ETag: var etag } && etag != default ? known : await GetStatusRowAsync(job, cancellationToken);
        while (row is not null)
        {
            try
            {
                await Counters.WriteAsync(
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(job.Tenant, job.JobId), row.ETag), row.Type, row.Status, null, cancellationToken);
                break;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Changed (or deleted) since it was read: count what is there now.
                row = await GetStatusRowAsync(job, cancellationToken);
            }
        }

        _written.Forget(job);
        changes?.Publish(job, null);
    }

    /// <summary>The row's status columns with its ETag (what a delete needs to know to count it out).</summary>
    private async Task<JobRecord?> GetStatusRowAsync(JobRef job, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> response =
            await table.GetEntityIfExistsAsync<TableEntity>(job.Tenant, job.JobId, ["PartitionKey", "RowKey", "Type", "Status"], cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// Reads the row, applies <paramref name="change"/> and writes it back if the row did not change meanwhile;
    /// on a concurrent change it reads again and re-applies. <paramref name="change"/> returns null to leave the
    /// row as it is. Returns the row as it stands afterwards (null when there is no row) and whether it was changed.
    /// </summary>
    public async Task<(JobRecord? Job, bool Changed)> TransitionAsync(
        JobRef job, Func<JobRecord, JobRecord?> change, CancellationToken cancellationToken = default) =>
        await TransitionAsync(job, change, known: null, cancellationToken);

    /// <summary>
    /// As <see cref="TransitionAsync(JobRef, Func{JobRecord, JobRecord?}, CancellationToken)"/>, starting from a whole
    /// row the caller already holds (<paramref name="known"/>, with its ETag), which saves a read when the row has not
    /// changed since. Without one, the row this instance wrote last, when it still remembers it, is the starting point.
    /// </summary>
    public async Task<(JobRecord? Job, bool Changed)> TransitionAsync(
        JobRef job, Func<JobRecord, JobRecord?> change, JobRecord? known, CancellationToken cancellationToken = default)
    {
        known ??= _written.Find(job);
        if (known is { ETag: var etag } && etag != default && change(known) is { } fromKnown)
        {
            try
            {
                ETag written = await ReplaceAsync(known, fromKnown, etag, cancellationToken);
                return (Written(fromKnown with { ETag = written }), true);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // The row changed since: decide again on what is there now.
                _written.Forget(job);
            }
        }

        while (true)
        {
            NullableResponse<TableEntity> response =
                await table.GetEntityIfExistsAsync<TableEntity>(job.Tenant, job.JobId, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return (null, false);
            }

            JobRecord current = FromEntity(response.Value!);
            JobRecord? next = change(current);
            if (next is null)
            {
                return (current, false);
            }

            try
            {
                ETag written = await ReplaceAsync(current, next, response.Value!.ETag, cancellationToken);
                return (Written(next with { ETag = written }), true);
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Someone else changed or removed the row since we read it: decide again on what is there now.
            }
        }
    }

    /// <summary>
    /// One page of a tenant's jobs, newest first: a single partition query, filters built by the SDK's
    /// parameterised filter formatting.
    /// </summary>
    public async Task<(IReadOnlyList<JobRecord> Jobs, string? Continuation)> ListAsync(
        string tenant, JobStatus? status, string? type, int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        string filter = (status, type) switch
        {
            (null, null) => TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey lt {JobCounters.RowKeyPrefix}"),
            (not null, null) => TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and Status eq {status.Value.ToWire()}"),
            (null, not null) => TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and Type eq {type}"),
            _ => TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and Status eq {status!.Value.ToWire()} and Type eq {type}"),
        };
        await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(filter, limit, StatusColumns, cancellationToken)
                           .AsPages(continuation, limit))
        {
            return (page.Values.Select(e => FromEntity(e) with { ETag = default }).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Replaces the row if its ETag is still <paramref name="etag"/>; a status change moves the tenant's counts with it.</summary>
    private async Task<ETag> ReplaceAsync(JobRecord before, JobRecord next, ETag etag, CancellationToken cancellationToken)
    {
        if (before.Status == next.Status)
        {
            Response updated = await table.UpdateEntityAsync(ToEntity(next), etag, TableUpdateMode.Replace, cancellationToken);
            return updated.Headers.ETag ?? default;
        }

        return await Counters.WriteAsync(
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(next), etag), next.Type, before.Status, next.Status, cancellationToken);
    }

    private JobRecord Written(JobRecord row)
    {
        _written.Remember(row);
        changes?.Publish(row.Ref, row);
        return row;
    }

    /// <summary>The columns a status read selects (for the bench's raw baseline of the same read).</summary>
    internal static IReadOnlyList<string> StatusColumnNames => StatusColumns;

    private static readonly string[] StatusColumns =
    [
        "PartitionKey", "RowKey", "Type", "Status", "Progress", "CreatedAt", "UpdatedAt", "StartedAt", "CompletedAt",
        "ExpiresAt", "MetadataJson", "SummaryJson", "ErrorJson", "InputContentType", "InputInBlob", "ResultInline",
        "ResultInBlob", "ResultContentType", "ResultForm", "ResultSizeBytes", "DocumentContentType", "DocumentFileName", "DocumentSizeBytes",
        "Attempts", "OutcomeBeforeExpiry", "Sealed", "CallbackUrl", "CallbackState", "CallbackAttempts", "CallbackLastStatus",
    ];

    internal static TableEntity ToEntity(JobRecord job)
    {
        var entity = new TableEntity(job.Tenant, job.JobId)
        {
            ["Type"] = job.Type,
            ["Status"] = job.Status.ToWire(),
            ["Progress"] = job.Progress,
            ["CreatedAt"] = job.CreatedAt,
            ["UpdatedAt"] = job.UpdatedAt,
            ["StartedAt"] = job.StartedAt,
            ["CompletedAt"] = job.CompletedAt,
            ["ExpiresAt"] = job.ExpiresAt,
            ["MetadataJson"] = job.MetadataJson,
            ["OptionsJson"] = job.OptionsJson,
            ["OptionsInBlob"] = job.OptionsInBlob,
            ["IdempotencyKeyHash"] = job.IdempotencyKeyHash,
            ["Sealed"] = job.Sealed,
            ["SummaryJson"] = job.SummaryJson,
            ["ErrorJson"] = job.Error is null ? null : JsonSerializer.Serialize(job.Error),
            ["InputContentType"] = job.InputContentType,
            ["InputInline"] = job.InputInline,
            ["InputUrl"] = job.InputUrl,
            ["OutputUrl"] = job.OutputUrl,
            ["InputInBlob"] = job.InputInBlob,
            ["ResultInline"] = job.ResultInline,
            ["ResultInBlob"] = job.ResultInBlob,
            ["ResultContentType"] = job.ResultContentType,
            ["ResultForm"] = job.ResultForm.ToString(),
            ["ResultSizeBytes"] = job.ResultSizeBytes,
            ["DocumentContentType"] = job.DocumentContentType,
            ["DocumentFileName"] = job.DocumentFileName,
            ["DocumentSizeBytes"] = job.DocumentSizeBytes,
            ["Attempts"] = job.Attempts,
            ["OutcomeBeforeExpiry"] = job.OutcomeBeforeExpiry?.ToWire(),
            ["TraceParent"] = job.TraceParent,
            ["CallbackUrl"] = job.CallbackUrl,
            ["CallbackState"] = job.CallbackUrl is null ? null : job.CallbackState.ToString(),
            ["CallbackAttempts"] = job.CallbackUrl is null ? null : job.CallbackAttempts,
            ["CallbackLastStatus"] = job.CallbackLastStatus,
        };
        return entity;
    }

    internal static JobRecord FromEntity(TableEntity entity)
    {
        JobStatusRules.TryParseWire(entity.GetString("Status"), out JobStatus status);
        JobStatus? before = JobStatusRules.TryParseWire(entity.GetString("OutcomeBeforeExpiry"), out JobStatus b) ? b : null;
        string? errorJson = entity.GetString("ErrorJson");
        return new JobRecord
        {
            Tenant = entity.PartitionKey,
            JobId = entity.RowKey,
            Type = entity.GetString("Type") ?? "",
            Status = status,
            Progress = entity.GetInt32("Progress") ?? 0,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
            StartedAt = entity.GetDateTimeOffset("StartedAt"),
            CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
            ExpiresAt = entity.GetDateTimeOffset("ExpiresAt"),
            MetadataJson = entity.GetString("MetadataJson") ?? "{}",
            OptionsJson = entity.GetString("OptionsJson") ?? "{}",
            OptionsInBlob = entity.GetBoolean("OptionsInBlob") ?? false,
            IdempotencyKeyHash = entity.GetString("IdempotencyKeyHash"),
            Sealed = entity.GetBoolean("Sealed") ?? false,
            SummaryJson = entity.GetString("SummaryJson") ?? "{}",
            Error = errorJson is null ? null : JsonSerializer.Deserialize<JobError>(errorJson),
            InputContentType = entity.GetString("InputContentType"),
            InputInline = entity.GetBinary("InputInline"),
            InputUrl = entity.GetString("InputUrl"),
            OutputUrl = entity.GetString("OutputUrl"),
            InputInBlob = entity.GetBoolean("InputInBlob") ?? false,
            ResultInline = entity.GetBinary("ResultInline"),
            ResultInBlob = entity.GetBoolean("ResultInBlob") ?? false,
            ResultContentType = entity.GetString("ResultContentType"),
            ResultForm = Enum.TryParse(entity.GetString("ResultForm"), out ResultForm form) ? form : ResultForm.Json,
            ResultSizeBytes = entity.GetInt64("ResultSizeBytes") ?? 0,
            DocumentContentType = entity.GetString("DocumentContentType"),
            DocumentFileName = entity.GetString("DocumentFileName"),
            DocumentSizeBytes = entity.GetInt64("DocumentSizeBytes") ?? 0,
            Attempts = entity.GetInt32("Attempts") ?? 0,
            OutcomeBeforeExpiry = before,
            TraceParent = entity.GetString("TraceParent"),
            CallbackUrl = entity.GetString("CallbackUrl"),
            CallbackState = Enum.TryParse(entity.GetString("CallbackState"), out CallbackState callback) ? callback : CallbackState.Pending,
            CallbackAttempts = entity.GetInt32("CallbackAttempts") ?? 0,
            CallbackLastStatus = entity.GetInt32("CallbackLastStatus"),
            ETag = entity.ETag,
        };
    }
}
