using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using JobPipeline.Jobs;
using Microsoft.Extensions.Options;

namespace JobPipeline.Http;

/// <summary>
/// The list's <c>next</c> token: the table's continuation sealed with AES-GCM (base64url), bound to the tenant and the
/// filter (<c>status</c>, <c>type</c>) it was issued for. A token that was altered, cut, made by someone else, or
/// issued for another tenant or filter fails to open and is answered <c>400 VALIDATION_FAILED</c>, never a silent
/// restart from the first page. The key is derived from the configuration (every API key's hash and the storage
/// connection string), so every instance of a deployment opens every other's tokens; changing the keys invalidates
/// the tokens in flight (a client then starts the listing again).
/// </summary>
internal sealed class ContinuationToken
{
    private const byte Version = 2;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int MaxTokenChars = 2048;

    private readonly byte[] _key;

    public ContinuationToken(IOptions<JobPipelineOptions> options)
    {
        var material = new StringBuilder();
        foreach (ApiKeyOptions key in options.Value.ApiKeys.OrderBy(k => k.KeySha256, StringComparer.Ordinal))
        {
            material.Append(key.Tenant).Append('\n').Append(key.KeySha256).Append('\n');
        }

        material.Append(options.Value.Storage.ConnectionString);
        _key = HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            Encoding.UTF8.GetBytes(material.ToString()),
            outputLength: 32,
            salt: "JobPipeline list continuation"u8.ToArray(),
            info: [Version]);
    }

    /// <summary>The opaque token of a table continuation for this tenant and filter; null when there is no next page.</summary>
    public string? Encode(string? tableToken, string tenant, JobStatus? status, string? type)
    {
        if (tableToken is null)
        {
            return null;
        }

        byte[] plain = Encoding.UTF8.GetBytes(tableToken);
        byte[] sealedToken = new byte[1 + NonceBytes + plain.Length + TagBytes];
        sealedToken[0] = Version;
        Span<byte> nonce = sealedToken.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedToken.AsSpan(1 + NonceBytes, plain.Length), sealedToken.AsSpan(1 + NonceBytes + plain.Length), Context(tenant, status, type));
        return Base64Url.EncodeToString(sealedToken);
    }

    /// <summary>The table continuation of a token this API issued for this tenant and filter; 400 for anything else.</summary>
    public string? Decode(string? token, string tenant, JobStatus? status, string? type)
    {
        if (token is null)
        {
            return null;
        }

        if (token.Length is > 0 and <= MaxTokenChars && Base64Url.IsValid(token, out int length) && length > 1 + NonceBytes + TagBytes)
        {
            byte[] sealedToken = Base64Url.DecodeFromChars(token);

            // Only the canonical spelling: the decoder ignores the unused bits of the last character, so another
            // spelling would open to the same bytes and a change to it would go unnoticed.
            if (sealedToken[0] == Version && Base64Url.EncodeToString(sealedToken).Equals(token, StringComparison.Ordinal))
            {
                int plainLength = sealedToken.Length - 1 - NonceBytes - TagBytes;
                byte[] plain = new byte[plainLength];
                try
                {
                    using var aes = new AesGcm(_key, TagBytes);
                    aes.Decrypt(sealedToken.AsSpan(1, NonceBytes), sealedToken.AsSpan(1 + NonceBytes, plainLength), sealedToken.AsSpan(1 + NonceBytes + plainLength), plain, Context(tenant, status, type));
                    return Encoding.UTF8.GetString(plain);
                }
                catch (AuthenticationTagMismatchException)
                {
                    // Altered, or issued for another tenant, filter or deployment: answered below.
                }
            }
        }

        throw ApiException.Invalid("continuation", "The continuation token is not one this API issued for this listing (same key, status and type); start again without it.");
    }

    private static byte[] Context(string tenant, JobStatus? status, string? type) =>
        Encoding.UTF8.GetBytes($"jobs\n{tenant}\n{status?.ToWire()}\n{type}");
}
