using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JobPipeline.Jobs;

namespace JobPipeline.Storage;

/// <summary>
/// The per-tenant job counts by type and status, kept up to date as jobs move instead of counted by a scan. They live
/// in the jobs table itself, in the tenant's partition, as <see cref="Shards"/> counter rows (row keys
/// <c>~counts|00</c>…, after every job id, which uses only <c>0-9a-z</c>); a job always counts in the shard its id
/// picks. Every status change of a job row is one entity-group transaction that writes the job row and its shard
/// together, both guarded by their ETags: a crash can never leave the counts and the rows apart, and two writers of
/// one shard cannot lose each other's change (the loser reads the shard again and retries). The shard's last known
/// state is kept in memory, so a process that is the only writer of a shard spends no extra call per change; a shard
/// whose counts are all zero is deleted, so nothing stays behind once a tenant's jobs are gone.
/// </summary>
/// <param name="table">The jobs table.</param>
internal sealed class JobCounters(TableClient table)
{
    /// <summary>How many counter rows a tenant's counts are spread over, so concurrent changes seldom meet.</summary>
    public const int Shards = 16;

    /// <summary>The first character of a counter row's key: after every job id in the partition's order.</summary>
    public const string RowKeyPrefix = "~counts|";

    private const string CountsColumn = "Counts";
    private static readonly int StatusCount = Enum.GetValues<JobStatus>().Length;

    /// <summary>How many gates this instance's writes of counter rows are spread over (a shard always takes the same one).</summary>
    private const int Gates = 64;

    private readonly ConcurrentDictionary<(string Tenant, int Shard), Shard> _known = new();

    /// <summary>
    /// One writer per shard at a time in this instance: two changes of one shard begun from the same known state would
    /// make one of them fail on the shard's ETag and cost a read and a second transaction; in turn, each starts from
    /// the state the other wrote. Other instances still meet on the ETag.
    /// </summary>
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, Gates).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>
    /// Writes <paramref name="jobAction"/> (the job row's insert, replace or delete, with its ETag) together with the
    /// count change it means: the job of <paramref name="type"/> leaves <paramref name="from"/> (null for a new job)
    /// and enters <paramref name="to"/> (null for a deleted one). Returns the job row's new ETag. A failure of the job
    /// row's own action is thrown as the <see cref="RequestFailedException"/> it is (412/404/409), for the caller to
    /// decide again; a change of the shard meanwhile is retried here.
    /// </summary>
    public async Task<ETag> WriteAsync(
        TableTransactionAction jobAction, string type, JobStatus? from, JobStatus? to, CancellationToken cancellationToken = default)
    {
        string tenant = jobAction.Entity.PartitionKey;
        int shard = ShardOf(jobAction.Entity.RowKey);
        SemaphoreSlim gate = _gates[(int)((uint)HashCode.Combine(StringComparer.Ordinal.GetHashCode(tenant), shard) % Gates)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await WriteInTurnAsync(jobAction, tenant, shard, type, from, to, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ETag> WriteInTurnAsync(
        TableTransactionAction jobAction, string tenant, int shard, string type, JobStatus? from, JobStatus? to, CancellationToken cancellationToken)
    {
        while (true)
        {
            Shard current = _known.TryGetValue((tenant, shard), out Shard? cached) ? cached : await ReadShardAsync(tenant, shard, cancellationToken);
            Shard next = current.Apply(type, from, to);
            TableTransactionAction shardAction = current.ETag == default
                ? new TableTransactionAction(TableTransactionActionType.Add, next.ToEntity(tenant, shard))
                : next.IsEmpty
                    ? new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenant, RowKey(shard)), current.ETag)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next.ToEntity(tenant, shard), current.ETag);
            try
            {
                Response<IReadOnlyList<Response>> answer = await table.SubmitTransactionAsync([jobAction, shardAction], cancellationToken);
                if (next.IsEmpty && current.ETag != default)
                {
                    _known.TryRemove((tenant, shard), out _);
                }
                else
                {
                    _known[(tenant, shard)] = next with { ETag = answer.Value[1].Headers.ETag ?? default };
                }

                return answer.Value[0].Headers.ETag ?? default;
            }
            catch (TableTransactionFailedException e)
            {
                _known.TryRemove((tenant, shard), out _);
                if (!await ShardFailedAsync(e, jobAction, cancellationToken))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// The tenant's counts: one query of its counter rows (at most <see cref="Shards"/>), whatever its number of jobs.
    /// Keyed by type, each an array indexed by <see cref="JobStatus"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long[]>> ReadAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var totals = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey ge {RowKeyPrefix} and RowKey lt {RowKeyPrefix[..^1] + "}"}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, Shards, [CountsColumn], cancellationToken))
        {
            foreach ((string type, long[] counts) in Shard.Parse(entity.GetString(CountsColumn)).Counts)
            {
                long[] sum = totals.TryGetValue(type, out long[]? found) ? found : totals[type] = new long[StatusCount];
                for (int s = 0; s < StatusCount; s++)
                {
                    sum[s] += counts[s];
                }
            }
        }

        return totals;
    }

    /// <summary>Whether a row key is a counter row's (so that queries of job rows leave it out).</summary>
    public static bool IsCounterRow(string rowKey) => rowKey.StartsWith(RowKeyPrefix, StringComparison.Ordinal);

    /// <summary>The shard a job counts in: from the last character of its id, which is random.</summary>
    internal static int ShardOf(string jobId) => jobId.Length == 0 ? 0 : jobId[^1] % Shards;

    private static string RowKey(int shard) => RowKeyPrefix + shard.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a failed transaction failed on the shard (so it is worth another try with the shard read again) rather
    /// than on the job row. An insert that met its own row (its first answer lost, the client tried again) counts as
    /// done by that first try, which wrote the shard with it: it is thrown as the 409 the caller expects.
    /// </summary>
    private async Task<bool> ShardFailedAsync(TableTransactionFailedException e, TableTransactionAction jobAction, CancellationToken cancellationToken)
    {
        if (e.FailedTransactionActionIndex is { } index)
        {
            return index == 1;
        }

        // Not told which action failed: look at the job row.
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(
            jobAction.Entity.PartitionKey, jobAction.Entity.RowKey, ["RowKey"], cancellationToken);
        return jobAction.ActionType switch
        {
            TableTransactionActionType.Add => !row.HasValue,
            TableTransactionActionType.Delete => row.HasValue && row.Value!.ETag == jobAction.ETag,
            _ => row.HasValue && row.Value!.ETag == jobAction.ETag,
        };
    }

    private async Task<Shard> ReadShardAsync(string tenant, int shard, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(tenant, RowKey(shard), cancellationToken: cancellationToken);
        return row.HasValue ? Shard.Parse(row.Value!.GetString(CountsColumn)) with { ETag = row.Value!.ETag } : Shard.Empty;
    }

    /// <summary>One counter row: counts by type, each an array indexed by status; <see cref="ETag"/> default when it does not exist.</summary>
    private sealed record Shard(IReadOnlyDictionary<string, long[]> Counts)
    {
        public static Shard Empty { get; } = new(new Dictionary<string, long[]>(StringComparer.Ordinal));

        public ETag ETag { get; init; }

        public bool IsEmpty => Counts.Count == 0;

        public Shard Apply(string type, JobStatus? from, JobStatus? to)
        {
            var counts = new Dictionary<string, long[]>(StringComparer.Ordinal);
            foreach ((string t, long[] c) in Counts)
            {
                counts[t] = (long[])c.Clone();
            }

            long[] row = counts.TryGetValue(type, out long[]? found) ? found : counts[type] = new long[StatusCount];
            if (from is { } f)
            {
                row[(int)f]--;
            }

            if (to is { } n)
            {
                row[(int)n]++;
            }

            if (row.All(c => c == 0))
            {
                counts.Remove(type);
            }

            return new Shard(counts) { ETag = ETag };
        }

        public TableEntity ToEntity(string tenant, int shard) => new(tenant, RowKey(shard))
        {
            [CountsColumn] = JsonSerializer.Serialize(Counts),
        };

        public static Shard Parse(string? json) =>
            json is null ? Empty : new Shard(JsonSerializer.Deserialize<Dictionary<string, long[]>>(json) ?? []);
    }
}
