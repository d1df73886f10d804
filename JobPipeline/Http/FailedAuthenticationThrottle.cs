using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace JobPipeline.Http;

/// <summary>
/// A token bucket of failed authentications per client address (<see cref="RateLimitOptions.FailedAuthenticationBurst"/>,
/// <see cref="RateLimitOptions.FailedAuthenticationsPerMinute"/>). Once an address has spent its bucket, every request
/// from it that needs a key answers <c>429</c> before the key is even looked at, so that guessing keys gets no answer
/// either way. IPv6 clients are counted per /64 (one host usually owns the whole prefix). The address is the
/// connection's: behind a proxy, the host must set it from the forwarded headers.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the throttle from the options.</summary>
    public FailedAuthenticationThrottle(IOptions<JobPipelineOptions> options)
    {
        RateLimitOptions limits = options.Value.RateLimit;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(
            address,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.FailedAuthenticationBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limits.FailedAuthenticationsPerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when the client may try a key; else how long it has to wait.</summary>
    public TimeSpan? Blocked(HttpContext context)
    {
        // A request for zero permits succeeds while the bucket holds any, and takes nothing from it.
        using RateLimitLease lease = _limiter.AttemptAcquire(ClientOf(context), 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Counts a failed authentication of the client.</summary>
    public void RecordFailure(HttpContext context)
    {
        using RateLimitLease lease = _limiter.AttemptAcquire(ClientOf(context));
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : TimeSpan.FromSeconds(1);

    private static string ClientOf(HttpContext context)
    {
        IPAddress? address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            byte[] bytes = address.GetAddressBytes();
            bytes.AsSpan(8).Clear();
            return new IPAddress(bytes).ToString() + "/64";
        }

        return address.ToString();
    }
}
