using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using JobPipeline.Jobs;
using Microsoft.Extensions.Options;

namespace JobPipeline.Processing.TokenVault;

/// <summary>
/// Seals the inputs and results of <c>mask</c> and <c>unmask</c> jobs as the vault seals its values: AES-256-GCM,
/// <c>version(1) | nonce(12) | tag(16) | ciphertext</c>, a fresh random nonce each time, with a per-tenant key derived
/// by HKDF-SHA256 from the vault's master key (info <c>job:{tenant}</c>, apart from the token and value keys), and the
/// tenant, job id and part as associated data, so sealed bytes cannot be moved to another job, part or tenant.
/// </summary>
internal sealed class VaultJobDataSealer : IJobDataSealer
{
    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;
    private static readonly byte[] Salt = "JobPipeline.TokenVault.v1"u8.ToArray();

    private readonly byte[] _masterKey;
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public VaultJobDataSealer(IOptions<TokenVaultOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _masterKey = options.Value.MasterKeyBytes() is { Length: >= TokenVaultOptions.MinMasterKeyBytes } key
            ? key
            : throw new InvalidOperationException($"{TokenVaultOptions.SectionName}:MasterKey must be base64 of at least {TokenVaultOptions.MinMasterKeyBytes} bytes.");
    }

    public byte[] Seal(JobRef job, string part, ReadOnlySpan<byte> data)
    {
        byte[] sealedData = new byte[HeaderBytes + data.Length];
        sealedData[0] = FormatVersion;
        Span<byte> nonce = sealedData.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(KeyOf(job.Tenant), TagBytes);
        aes.Encrypt(nonce, data, sealedData.AsSpan(HeaderBytes), sealedData.AsSpan(1 + NonceBytes, TagBytes), AssociatedData(job, part));
        return sealedData;
    }

    public byte[] Open(JobRef job, string part, ReadOnlySpan<byte> sealedData)
    {
        if (sealedData.Length < HeaderBytes || sealedData[0] != FormatVersion)
        {
            throw new InvalidDataException($"The {part} of job {job.JobId} is not sealed data of a known format.");
        }

        byte[] data = new byte[sealedData.Length - HeaderBytes];
        try
        {
            using var aes = new AesGcm(KeyOf(job.Tenant), TagBytes);
            aes.Decrypt(sealedData.Slice(1, NonceBytes), sealedData[HeaderBytes..], sealedData.Slice(1 + NonceBytes, TagBytes), data, AssociatedData(job, part));
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"The {part} of job {job.JobId} does not open: altered, moved, or sealed with another master key.", e);
        }

        return data;
    }

    private byte[] KeyOf(string tenant) =>
        _keys.GetOrAdd(tenant, static (t, masterKey) => HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, Salt, Encoding.UTF8.GetBytes("job:" + t)), _masterKey);

    private static byte[] AssociatedData(JobRef job, string part) => Encoding.UTF8.GetBytes($"{job.Tenant}\0{job.JobId}\0{part}");
}
