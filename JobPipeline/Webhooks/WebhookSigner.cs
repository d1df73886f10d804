using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JobPipeline.Webhooks;

/// <summary>Signs a webhook as Standard Webhooks define it: <c>v1,</c> and the base64 HMAC-SHA256 of <c>"{id}.{timestamp}.{body}"</c>.</summary>
public static class WebhookSigner
{
    /// <summary>The <c>webhook-signature</c> header: one <c>v1,…</c> signature per secret, separated by spaces.</summary>
    /// <param name="secrets">The secrets' key bytes (the base64 after <c>whsec_</c>, decoded).</param>
    /// <param name="webhookId">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>, Unix seconds.</param>
    /// <param name="body">The exact body bytes sent.</param>
    public static string Sign(IEnumerable<byte[]> secrets, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        byte[] prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        byte[] content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret, content))));
    }
}
