using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>A Standard Webhooks secret: <c>whsec_</c> followed by the base64 of 24 to 64 bytes.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class WebhookSecretAttribute : ValidationAttribute
{
    internal const string Prefix = "whsec_";

    public WebhookSecretAttribute()
        : base("The field {0} must be whsec_ followed by the base64 of 24 to 64 random bytes.")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string secret && TryDecode(secret) is not null);

    /// <summary>The secret's key bytes, or null when it is not of the form.</summary>
    internal static byte[]? TryDecode(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        byte[] buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out int length) && length is >= 24 and <= 64
            ? buffer[..length]
            : null;
    }
}
