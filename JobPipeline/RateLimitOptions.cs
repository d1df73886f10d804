using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>A token bucket per tenant: <see cref="RequestsPerSecond"/> refill, <see cref="Burst"/> capacity.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per tenant.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 500;

    /// <summary>How many requests a tenant may make at once above the sustained rate.</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 1000;
}
