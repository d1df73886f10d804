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

    /// <summary>
    /// The origins (<c>https://hooks.example.com</c>, <c>https://hooks.example.com:8443</c>) a <c>callback_url</c> of this
    /// key's tenant may start with. A plain-<c>http</c> origin, or one whose host is a private or loopback address
    /// (<c>http://127.0.0.1:9000</c>), is allowed only as listed here; any other host must resolve to public addresses.
    /// The origins of all of a tenant's keys apply to the tenant. Empty: the tenant cannot ask for callbacks.
    /// </summary>
    [CallbackOrigins]
    public List<string> CallbackOrigins { get; set; } = [];

    /// <summary>
    /// The secret the tenant's callbacks are signed with, as Standard Webhooks write it: <c>whsec_</c> and the base64 of
    /// 24 to 64 random bytes. When a tenant's keys name different secrets, each callback carries a signature per secret
    /// (how a secret is rotated). Required for a tenant that has <see cref="CallbackOrigins"/>.
    /// </summary>
    [WebhookSecret]
    public string? WebhookSecret { get; set; }
}
