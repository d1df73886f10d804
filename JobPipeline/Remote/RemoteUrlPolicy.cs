using System.Net;
using System.Net.Sockets;

namespace JobPipeline.Remote;

/// <summary>
/// Which URLs <c>input_url</c> and <c>output_url</c> may name (<c>JobPipeline:InputUrlHosts</c>): a listed host
/// (<c>*.example.net</c> for its subdomains) over HTTPS at a public address, or an exactly listed host (with its
/// port, if the entry has one), which may also be plain HTTP at a private or loopback address (Azurite).
/// </summary>
public sealed class RemoteUrlPolicy(IEnumerable<string> hosts)
{
    private readonly List<string> _hosts = [.. hosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim().ToLowerInvariant())];

    /// <summary>Whether the feature is on (some host is listed).</summary>
    public bool Enabled => _hosts.Count > 0;

    /// <summary>Why <paramref name="url"/> may not be used, or null when it may (the address is checked on connect).</summary>
    public string? Refusal(Uri url)
    {
        if (!Enabled)
        {
            return "input_url and output_url are not enabled on this deployment (JobPipeline:InputUrlHosts is empty).";
        }

        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo))
        {
            return "The URL must be an absolute https URL without credentials in it.";
        }

        bool exact = IsExact(url);
        if (!exact && !_hosts.Any(h => h.StartsWith("*.", StringComparison.Ordinal) && url.IdnHost.EndsWith(h[1..], StringComparison.OrdinalIgnoreCase)))
        {
            return $"The host '{url.Host}' is not one this deployment allows.";
        }

        return url.Scheme == "http" && !exact ? "Plain http is allowed only for a host the deployer lists exactly." : null;
    }

    /// <summary>Whether the host (and port) is listed exactly, which allows http and a private address.</summary>
    public bool IsExact(Uri url) => IsExact(url.IdnHost, url.Port);

    /// <summary>Whether <paramref name="host"/> (at <paramref name="port"/>) is listed exactly.</summary>
    public bool IsExact(string host, int port)
    {
        string name = host.Trim('[', ']').ToLowerInvariant();
        return _hosts.Contains(name) || _hosts.Contains($"{name}:{port}");
    }

    /// <summary>Whether an address is private, loopback, link-local or otherwise not on the public internet.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        byte[] b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
            198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
            203 => b[1] == 0 && b[2] == 113,
            >= 224 => true,
            _ => false,
        };
    }
}
