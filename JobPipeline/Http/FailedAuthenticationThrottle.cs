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
/// connection's (from a loopback peer, the last <c>X-Forwarded-For</c> entry); behind a remote proxy, the host must set
/// it from the forwarded headers.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _refill;

    /// <summary>Creates the throttle from the options.</summary>
    public FailedAuthenticationThrottle(IOptions<JobPipelineOptions> options)
    {
        RateLimitOptions limits = options.Value.RateLimit;
        _refill = TimeSpan.FromMinutes(1) / limits.FailedAuthenticationsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(
            address,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.FailedAuthenticationBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = _refill,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when the client may try a key; else how long it has to wait.</summary>
    public TimeSpan? Blocked(HttpContext context)
    {
        // Looked at, not taken from: only a failure costs a token. (A zero-permit acquire is no test of an empty
        // bucket: it can succeed with none left.)
        return _limiter.GetStatistics(ClientOf(context)) is { CurrentAvailablePermits: <= 0 } ? _refill : null;
    }

    /// <summary>Counts a failed authentication of the client.</summary>
    public void RecordFailure(HttpContext context)
    {
        using RateLimitLease lease = _limiter.AttemptAcquire(ClientOf(context));
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private static string ClientOf(HttpContext context)
    {
        IPAddress? address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        // A proxy on this machine (the Functions host in front of its worker, a sidecar) makes every client look like
        // loopback: then the address it appended last to X-Forwarded-For is the client. No one else can reach us on
        // loopback, so the header cannot be forged by a client to get a fresh bucket.
        if (IPAddress.IsLoopback(address)
            && context.Request.Headers["X-Forwarded-For"].ToString().Split(',').LastOrDefault()?.Trim() is { Length: > 0 } forwarded
            && IPAddress.TryParse(forwarded, out IPAddress? client))
        {
            address = client;
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
