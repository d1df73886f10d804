using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>One API key: the tenant it belongs to and the lowercase hex SHA-256 of the key (never the key itself).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The tenant: 1..63 of <c>a-z</c>, <c>0-9</c> and <c>-</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$")]
    public string Tenant { get; set; } = "";

    /// <summary>The SHA-256 of the key, 64 lowercase hex characters (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    [Required]
    [RegularExpression("^[0-9a-f]{64}$")]
    public string KeySha256 { get; set; } = "";
}
