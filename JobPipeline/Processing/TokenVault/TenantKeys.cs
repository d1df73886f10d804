using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace JobPipeline.Processing.TokenVault;

/// <summary>
/// One tenant's vault keys, both derived with HKDF-SHA256 from the master key: the token key
/// (info <c>token:{tenant}</c>) and the value encryption key (info <c>value:{tenant}</c>).
/// </summary>
internal sealed class TenantKeys
{
    /// <summary>Every token starts with this.</summary>
    public const string TokenPrefix = "tok_";

    /// <summary>Tokens are <see cref="TokenPrefix"/> and 32 base64url characters (24 bytes of the HMAC).</summary>
    public const int TokenLength = 36;

    private const int TokenHashBytes = 24;
    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    private static readonly byte[] Salt = "JobPipeline.TokenVault.v1"u8.ToArray();

    private readonly string _tenant;
    private readonly byte[] _tokenKey;
    private readonly byte[] _valueKey;

    public TenantKeys(byte[] masterKey, string tenant)
    {
        _tenant = tenant;
        _tokenKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, Salt, Encoding.UTF8.GetBytes("token:" + tenant));
        _valueKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, Salt, Encoding.UTF8.GetBytes("value:" + tenant));
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a token (and so is a valid table row key).</summary>
    public static bool IsWellFormed(string token) =>
        token.Length == TokenLength
        && token.StartsWith(TokenPrefix, StringComparison.Ordinal)
        && !token.AsSpan(TokenPrefix.Length).ContainsAnyExcept(Base64UrlAlphabet);

    /// <summary>
    /// The token of a value: HMAC-SHA256 with the tenant's token key over <c>token_name \0 value</c> (UTF-8),
    /// first 24 bytes, base64url. Deterministic, so equal inputs give equal tokens; without the key it tells
    /// nothing about the value. base64url only uses characters valid in a table row key.
    /// </summary>
    public string Token(string tokenName, string value)
    {
        byte[] message = Encoding.UTF8.GetBytes(tokenName + "\0" + value);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_tokenKey, message, hash);
        return TokenPrefix + Base64Url.EncodeToString(hash[..TokenHashBytes]);
    }

    /// <summary>
    /// Encrypts a value with AES-256-GCM: <c>version(1) | nonce(12) | tag(16) | ciphertext</c>, a fresh random nonce
    /// each time, and the tenant and token as associated data so the row cannot be moved to another key or tenant.
    /// </summary>
    public byte[] Encrypt(string token, string value)
    {
        byte[] plaintext = Encoding.UTF8.GetBytes(value);
        byte[] sealedValue = new byte[1 + NonceBytes + TagBytes + plaintext.Length];
        sealedValue[0] = FormatVersion;
        Span<byte> nonce = sealedValue.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_valueKey, TagBytes);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(1 + NonceBytes + TagBytes), sealedValue.AsSpan(1 + NonceBytes, TagBytes), AssociatedData(token));
        return sealedValue;
    }

    /// <summary>Decrypts what <see cref="Encrypt"/> wrote; null when it was altered, moved or written with other keys.</summary>
    public string? Decrypt(string token, byte[]? sealedValue)
    {
        if (sealedValue is not { Length: >= 1 + NonceBytes + TagBytes } || sealedValue[0] != FormatVersion)
        {
            return null;
        }

        byte[] plaintext = new byte[sealedValue.Length - (1 + NonceBytes + TagBytes)];
        try
        {
            using var aes = new AesGcm(_valueKey, TagBytes);
            aes.Decrypt(sealedValue.AsSpan(1, NonceBytes), sealedValue.AsSpan(1 + NonceBytes + TagBytes), sealedValue.AsSpan(1 + NonceBytes, TagBytes), plaintext, AssociatedData(token));
        }
        catch (CryptographicException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    private byte[] AssociatedData(string token) => Encoding.UTF8.GetBytes(_tenant + "\0" + token);
}
