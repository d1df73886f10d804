using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace JobPipeline.Http;

/// <summary>
/// Maps an API key (<c>x-api-key</c> or <c>Authorization: Bearer</c>) to its tenant. Keys are configured as SHA-256
/// hashes only; the presented key's hash is compared with every configured hash in constant time.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly (byte[] Hash, string Tenant)[] _keys;

    /// <summary>Creates the authenticator from the configured keys.</summary>
    public ApiKeyAuthenticator(IOptions<JobPipelineOptions> options) =>
        _keys = [.. options.Value.ApiKeys.Select(k => (Convert.FromHexString(k.KeySha256), k.Tenant))];

    /// <summary>The tenant of the request's key, or null for no key or an unknown one.</summary>
    public string? Authenticate(HttpRequest request)
    {
        string? key = request.Headers["x-api-key"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            string? authorization = request.Headers.Authorization.FirstOrDefault();
            if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                key = authorization["Bearer ".Length..].Trim();
            }
        }

        return string.IsNullOrEmpty(key) || key.Length > 512 ? null : TenantOf(key);
    }

    /// <summary>The tenant of a key, or null.</summary>
    public string? TenantOf(string key)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? tenant = null;
        foreach ((byte[] candidate, string owner) in _keys)
        {
            // No early exit: the time taken does not depend on which key, if any, matched.
            if (CryptographicOperations.FixedTimeEquals(hash, candidate))
            {
                tenant = owner;
            }
        }

        return tenant;
    }
}
