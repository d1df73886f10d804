using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

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

    /// <summary>
    /// The tenant of the request's one key, or null for no key, an unknown key, or more than one credential: an
    /// <c>x-api-key</c> together with an <c>Authorization</c> header, two <c>x-api-key</c> or <c>Authorization</c>
    /// headers, or two comma-joined keys in one. Two copies of the same key are refused as well: a request names one
    /// credential, so no rule has to say which of two wins.
    /// </summary>
    public string? Authenticate(HttpRequest request)
    {
        StringValues apiKeys = request.Headers["x-api-key"];
        StringValues authorizations = request.Headers.Authorization;
        if (apiKeys.Count + authorizations.Count != 1)
        {
            return null;
        }

        string? key = apiKeys.Count == 1 ? apiKeys[0] : BearerToken(authorizations[0]);

        // A comma is how a proxy joins two headers of one name into one: two keys, not a key with a comma.
        return string.IsNullOrEmpty(key) || key.Length > 512 || key.Contains(',', StringComparison.Ordinal) ? null : TenantOf(key);
    }

    private static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;

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
