using Azure;
using Azure.Data.Tables;

namespace JobPipeline.Processing.TokenVault;

/// <summary>One stored token: partition = tenant, row = token, <see cref="Value"/> = the AES-GCM sealed value.</summary>
internal sealed record VaultRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary><c>version | nonce | tag | ciphertext</c>; see <see cref="TenantKeys.Encrypt"/>.</summary>
    public byte[]? Value { get; set; }
}
