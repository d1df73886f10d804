using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>
/// A token bucket per tenant: <see cref="RequestsPerSecond"/> refill, <see cref="Burst"/> capacity; and one per client
/// address for failed authentications.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per tenant.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 500;

    /// <summary>How many requests a tenant may make at once above the sustained rate.</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 1000;

    /// <summary>Failed authentications (no, unknown or conflicting keys) one client address may make at once; then <c>429</c>.</summary>
    [Range(1, 1_000_000)]
    public int FailedAuthenticationBurst { get; set; } = 20;

    /// <summary>How many failed authentications per minute a client address gets back after its burst is spent.</summary>
    [Range(1, 1_000_000)]
    public int FailedAuthenticationsPerMinute { get; set; } = 30;
}
