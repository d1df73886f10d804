using System.Net;
using Microsoft.Extensions.Options;

namespace JobPipeline.Webhooks;

/// <summary>
/// Each tenant's callback origins and webhook secrets, gathered from all of its keys
/// (<c>JobPipeline:ApiKeys:{n}:CallbackOrigins</c>, <c>…:WebhookSecret</c>), and the rule a <c>callback_url</c> must meet.
/// </summary>
public sealed class WebhookTenants
{
    private readonly Dictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);

    /// <summary>Reads the tenants from the options (validated at start).</summary>
    public WebhookTenants(IOptions<JobPipelineOptions> options)
    {
        foreach (ApiKeyOptions key in options.Value.ApiKeys)
        {
            if (!_tenants.TryGetValue(key.Tenant, out Tenant? tenant))
            {
                _tenants[key.Tenant] = tenant = new Tenant();
            }

            foreach (string origin in key.CallbackOrigins)
            {
                tenant.Origins.Add(new Uri(origin.Trim()));
            }

            if (key.WebhookSecret is { } secret && WebhookSecretAttribute.TryDecode(secret) is { } bytes && !tenant.Secrets.Any(s => s.AsSpan().SequenceEqual(bytes)))
            {
                tenant.Secrets.Add(bytes);
            }
        }
    }

    /// <summary>The keys the tenant's callbacks are signed with (one signature each); empty when it has none.</summary>
    public IReadOnlyList<byte[]> SecretsOf(string tenant) => _tenants.TryGetValue(tenant, out Tenant? t) ? t.Secrets : [];

    /// <summary>
    /// Why <paramref name="url"/> may not be the <c>callback_url</c> of <paramref name="tenant"/>, or null when it may: it
    /// must be absolute, without credentials or fragment, under one of the tenant's origins (same scheme, host and
    /// port), and the tenant must have a secret to sign with. Addresses are checked again when it is called.
    /// </summary>
    public string? Refusal(string tenant, Uri url)
    {
        if (!_tenants.TryGetValue(tenant, out Tenant? t) || t.Origins.Count == 0)
        {
            return "Callbacks are not enabled for this tenant (the deployer lists its origins in JobPipeline:ApiKeys:{n}:CallbackOrigins).";
        }

        if (t.Secrets.Count == 0)
        {
            return "Callbacks are not enabled for this tenant: it has no webhook secret (JobPipeline:ApiKeys:{n}:WebhookSecret).";
        }

        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment))
        {
            return "callback_url must be an absolute https URL without credentials or fragment.";
        }

        if (!t.Origins.Any(o => SameOrigin(o, url)))
        {
            return $"callback_url must start with one of this tenant's callback origins ({string.Join(", ", t.Origins.Select(o => o.GetLeftPart(UriPartial.Authority)))}).";
        }

        return null;
    }

    /// <summary>
    /// Whether a connection to <paramref name="host"/> may reach a private, loopback or link-local address: only when
    /// the host is itself such an address literal (or <c>localhost</c>), which a deployer can only have allowed by
    /// listing it as an origin exactly so. A name that resolves to a private address is refused (DNS rebinding).
    /// </summary>
    public static bool MayBePrivate(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out _);

    private static bool SameOrigin(Uri origin, Uri url) =>
        origin.Scheme == url.Scheme && origin.Port == url.Port && string.Equals(origin.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase);

    private sealed class Tenant
    {
        public List<Uri> Origins { get; } = [];

        public List<byte[]> Secrets { get; } = [];
    }
}
