using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobPipeline.Processing.TokenVault;

/// <summary>
/// The per-tenant token vault in Azure Table storage: partition = tenant, row = token, value sealed with AES-GCM,
/// so that someone who can read the table alone learns neither values nor how tokens were made.
/// Storage exceptions propagate: the workflow treats them as transient and retries the job.
/// </summary>
internal sealed partial class TokenStore
{
    /// <summary>Entities per table transaction: the service's limit.</summary>
    private const int TransactionSize = 100;
    private const int ParallelTransactions = 4;
    private const int ParallelReads = 16;

    private readonly TableClient _table;
    private readonly byte[] _masterKey;
    private readonly ILogger<TokenStore> _logger;
    private readonly ConcurrentDictionary<string, TenantKeys> _keys = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _tableExists;

    public TokenStore(TableServiceClient tableService, IOptions<TokenVaultOptions> options, ILogger<TokenStore> logger)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName);
        _masterKey = options.Value.MasterKeyBytes() is { Length: >= TokenVaultOptions.MinMasterKeyBytes } key
            ? key
            : throw new InvalidOperationException($"{TokenVaultOptions.SectionName}:MasterKey must be base64 of at least {TokenVaultOptions.MinMasterKeyBytes} bytes.");
        _logger = logger;
    }

    /// <summary>Tokenizes the items and stores their values; the tokens come back in item order.</summary>
    public async Task<IReadOnlyList<string>> MaskAsync(string tenant, IReadOnlyList<MaskItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        TenantKeys keys = KeysOf(tenant);
        string[] tokens = [.. items.Select(item => keys.Token(item.TokenName, item.Value))];

        // Equal tokens are equal values, and a transaction may not touch one row twice: one upsert per token.
        TableTransactionAction[][] transactions = [.. items
            .Select((item, i) => (Token: tokens[i], item.Value))
            .DistinctBy(row => row.Token, StringComparer.Ordinal)
            .Select(row => new TableTransactionAction(
                TableTransactionActionType.UpsertReplace,
                new VaultRow { PartitionKey = tenant, RowKey = row.Token, Value = keys.Encrypt(row.Token, row.Value) }))
            .Chunk(TransactionSize)];

        TableClient table = await TableAsync(cancellationToken);
        await Parallel.ForEachAsync(
            transactions,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken },
            async (actions, ct) => await table.SubmitTransactionAsync(actions, ct));
        return tokens;
    }

    /// <summary>The values of the tokens, in order; null for a token unknown in this tenant or whose row does not decrypt.</summary>
    public async Task<IReadOnlyList<string?>> UnmaskAsync(string tenant, IReadOnlyList<string> tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        TenantKeys keys = KeysOf(tenant);
        var values = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        TableClient table = await TableAsync(cancellationToken);
        await Parallel.ForEachAsync(
            tokens.Where(TenantKeys.IsWellFormed).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (token, ct) =>
            {
                NullableResponse<VaultRow> row = await table.GetEntityIfExistsAsync<VaultRow>(tenant, token, cancellationToken: ct);
                if (row.HasValue)
                {
                    string? value = keys.Decrypt(token, row.Value!.Value);
                    if (value is null)
                    {
                        Log.ValueDidNotDecrypt(_logger, tenant, token);
                    }

                    values[token] = value;
                }
            });
        return [.. tokens.Select(token => values.GetValueOrDefault(token))];
    }

    private TenantKeys KeysOf(string tenant)
    {
        // The tenant is the partition key: refuse what a table key cannot hold rather than address the wrong rows.
        if (string.IsNullOrEmpty(tenant) || tenant.Length > 256 || tenant.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException($"'{tenant}' cannot be a vault partition.", nameof(tenant));
        }

        return _keys.GetOrAdd(tenant, static (t, masterKey) => new TenantKeys(masterKey, t), _masterKey);
    }

    // Created once, on first use; a failed attempt (storage down) is tried again by the next caller.
    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        if (!_tableExists)
        {
            await _createGate.WaitAsync(cancellationToken);
            try
            {
                if (!_tableExists)
                {
                    await _table.CreateIfNotExistsAsync(cancellationToken);
                    _tableExists = true;
                }
            }
            finally
            {
                _createGate.Release();
            }
        }

        return _table;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Vault row {Token} of tenant {Tenant} did not decrypt: altered, moved from another tenant, or written with another master key.")]
        public static partial void ValueDidNotDecrypt(ILogger logger, string tenant, string token);
    }
}
