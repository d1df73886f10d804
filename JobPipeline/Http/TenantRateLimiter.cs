using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JobPipeline.Http;

/// <summary>A token bucket per tenant (<see cref="RateLimitOptions"/>).</summary>
public sealed class TenantRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly RateLimitOptions _options;

    /// <summary>Creates the limiter from the options.</summary>
    public TenantRateLimiter(IOptions<JobPipelineOptions> options)
    {
        _options = options.Value.RateLimit;
        _limiter = PartitionedRateLimiter.Create<string, string>(tenant => RateLimitPartition.GetTokenBucketLimiter(
            tenant,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = _options.Burst,
                TokensPerPeriod = _options.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Takes one request's permit; null when granted, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string tenant)
    {
        using RateLimitLease lease = _limiter.AttemptAcquire(tenant);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : TimeSpan.FromSeconds(1);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
