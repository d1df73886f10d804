using System.ComponentModel.DataAnnotations;

namespace JobPipeline.Processing.TokenVault;

/// <summary>
/// Settings of the token vault behind the <c>mask</c> and <c>unmask</c> job types, bound from
/// <c>JobPipeline:Vault</c> and validated at start.
/// </summary>
/// <remarks>
/// A class rather than a record on purpose: a record's generated <c>ToString</c> would print
/// <see cref="MasterKey"/> into any log that prints the options.
/// </remarks>
public sealed class TokenVaultOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>JobPipeline:Vault</c> (<c>JobPipeline__Vault__…</c> as environment variables).</summary>
    public const string SectionName = "JobPipeline:Vault";

    /// <summary>The smallest master key accepted, in bytes.</summary>
    public const int MinMasterKeyBytes = 32;

    /// <summary>The Azure Table holding the encrypted values; created when first used. Default <c>vault</c>.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "TableName must be a valid Azure Table name (3..63 letters and digits, starting with a letter).")]
    public string TableName { get; init; } = "vault";

    /// <summary>
    /// Base64 of at least 32 random bytes. Tokens and value encryption keys are derived from it per tenant, so
    /// changing it makes every stored token unknown. Keep it in Key Vault or app settings, never in the repository;
    /// a development value goes in <c>appsettings.Development.json</c> or <c>local.settings.json</c>.
    /// </summary>
    [Required(ErrorMessage = "JobPipeline:Vault:MasterKey is required (base64 of at least 32 random bytes).")]
    public string MasterKey { get; init; } = "";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MasterKey.Length > 0 && (MasterKeyBytes() is not { Length: >= MinMasterKeyBytes }))
        {
            yield return new ValidationResult(
                $"JobPipeline:Vault:MasterKey must be base64 of at least {MinMasterKeyBytes} bytes.", [nameof(MasterKey)]);
        }
    }

    /// <summary>The decoded master key, or null when it is not base64.</summary>
    internal byte[]? MasterKeyBytes()
    {
        byte[] bytes = new byte[(MasterKey.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(MasterKey, bytes, out int written) ? bytes[..written] : null;
    }
}
