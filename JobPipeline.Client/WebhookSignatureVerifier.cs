using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JobPipeline.Client;

/// <summary>
/// Checks the job webhooks the service sends, as Standard Webhooks signs them: <c>webhook-signature</c> holds one or
/// more space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> of <c>"{webhook-id}.{webhook-timestamp}.{body}"</c> keyed
/// with the tenant's <c>whsec_</c> secret, and <c>webhook-timestamp</c> (Unix seconds) must lie within
/// <see cref="Tolerance"/> of now, so that a captured delivery cannot be replayed later. Keep the
/// <c>webhook-id</c>s you have handled: a delivery can come more than once, with the same id.
/// </summary>
public class WebhookSignatureVerifier
{
    /// <summary>The header of the delivery's id (the same on every retry of one event).</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The header of the delivery's Unix time in seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The header of the signatures.</summary>
    public const string SignatureHeader = "webhook-signature";

    private const string SecretPrefix = "whsec_";
    private readonly byte[] _key = [];
    private readonly TimeProvider _time = TimeProvider.System;

    /// <summary>Creates a verifier for the tenant's secret (<c>whsec_</c> + base64, or the base64 alone).</summary>
    /// <param name="secret">The webhook secret.</param>
    /// <param name="tolerance">How far a delivery's timestamp may be from now; default 5 minutes.</param>
    /// <param name="timeProvider">The clock; default the system's.</param>
    public WebhookSignatureVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        string base64 = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            _key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The secret is 'whsec_' followed by base64.", nameof(secret));
        }

        if (_key.Length == 0)
        {
            throw new ArgumentException("The secret is empty.", nameof(secret));
        }

        Tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>For mocking.</summary>
    protected WebhookSignatureVerifier()
    {
    }

    /// <summary>How far a delivery's timestamp may be from now, either way.</summary>
    public TimeSpan Tolerance { get; }

    /// <summary>Throws <see cref="WebhookVerificationException"/> unless the delivery is signed with the secret and recent.</summary>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="webhookTimestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="webhookSignature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The request body exactly as received (not re-serialized).</param>
    public virtual void Verify(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(webhookTimestamp) || string.IsNullOrEmpty(webhookSignature))
        {
            throw new WebhookVerificationException("The webhook-id, webhook-timestamp and webhook-signature headers are required.");
        }

        if (!long.TryParse(webhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) || seconds > 253_402_300_799)
        {
            throw new WebhookVerificationException("webhook-timestamp is not a Unix time in seconds.");
        }

        TimeSpan age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > Tolerance)
        {
            throw new WebhookVerificationException(age > TimeSpan.Zero ? "The webhook is too old." : "The webhook's timestamp is in the future.");
        }

        byte[] prefix = Encoding.UTF8.GetBytes($"{webhookId}.{webhookTimestamp}.");
        byte[] signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        byte[] expected = HMACSHA256.HashData(_key, signed);
        Span<byte> given = stackalloc byte[64];
        foreach (string entry in webhookSignature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && entry.AsSpan(0, comma).SequenceEqual("v1") &&
                Convert.TryFromBase64String(entry[(comma + 1)..], given, out int length) &&
                CryptographicOperations.FixedTimeEquals(given[..length], expected))
            {
                return;
            }
        }

        throw new WebhookVerificationException("No v1 signature matches the body.");
    }

    /// <summary>Whether the delivery is signed with the secret and recent (see <see cref="Verify"/>).</summary>
    public virtual bool IsValid(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        try
        {
            Verify(webhookId, webhookTimestamp, webhookSignature, body);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    /// <summary>Verifies the delivery, then reads its body as a <see cref="JobWebhookEvent"/>.</summary>
    public virtual JobWebhookEvent ReadEvent(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        Verify(webhookId, webhookTimestamp, webhookSignature, body);
        return JsonSerializer.Deserialize(body, JobPipelineJsonContext.Default.JobWebhookEvent)
            ?? throw new WebhookVerificationException("The webhook's body is empty.");
    }
}
