using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace JobPipeline.Http;

/// <summary>
/// Builds the absolute URLs the API returns (<c>Operation-Location</c>, <c>resourceLocation</c>) without trusting the
/// request's <c>Host</c>: from <see cref="JobPipelineOptions.PublicBaseUrl"/> when set; else from the request only when
/// its host is trusted (<see cref="JobPipelineOptions.PublicHosts"/>, loopback, the App Service host name); else the
/// URL stays relative to the request (<c>/api/…</c>), which every HTTP client resolves against the URL it called.
/// </summary>
public sealed class PublicUrls
{
    private readonly string? _base;
    private readonly StringSegment[] _trustedHosts;

    /// <summary>Reads the options (and <c>WEBSITE_HOSTNAME</c>, which App Service and Azure Functions set).</summary>
    public PublicUrls(IOptions<JobPipelineOptions> options)
    {
        _base = options.Value.PublicBaseUrl?.AbsoluteUri.TrimEnd('/');
        List<StringSegment> hosts = [.. options.Value.PublicHosts.Select(h => new StringSegment(h))];
        if (Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME") is { Length: > 0 } appServiceHost)
        {
            hosts.Add(appServiceHost);
        }

        _trustedHosts = [.. hosts];
    }

    /// <summary>The URL of <paramref name="path"/> (which starts with <c>/api/</c>) as a client should follow it.</summary>
    public string Of(HttpRequest request, string path)
    {
        if (_base is not null)
        {
            return _base + path;
        }

        string relative = request.PathBase.Value + path;
        return IsTrusted(request.Host) ? $"{request.Scheme}://{request.Host.Value}{relative}" : relative;
    }

    private bool IsTrusted(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        if (host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Host, out IPAddress? address) && IPAddress.IsLoopback(address)))
        {
            return true;
        }

        return HostString.MatchesAny(host.Value, _trustedHosts);
    }
}
