using System.Text;
using StandardWebhooks;

namespace JobPipeline.Webhooks;

/// <summary>
/// Signs a webhook as Standard Webhooks define it (<c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>"{id}.{timestamp}.{body}"</c>), with the Standard Webhooks library's own signer.
/// </summary>
public static class WebhookSigner
{
    /// <summary>The <c>webhook-signature</c> header: one <c>v1,…</c> signature per secret, separated by spaces.</summary>
    /// <param name="secrets">The secrets' key bytes (the base64 after <c>whsec_</c>, decoded).</param>
    /// <param name="webhookId">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>, Unix seconds.</param>
    /// <param name="body">The exact body bytes sent (UTF-8 JSON).</param>
    public static string Sign(IEnumerable<byte[]> secrets, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        string payload = Encoding.UTF8.GetString(body);
        var at = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(webhookId, at, payload)));
    }
}
