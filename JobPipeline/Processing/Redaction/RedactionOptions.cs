using System.ComponentModel.DataAnnotations;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Deployment settings of the <c>redact</c> job type, bound from <c>JobPipeline:Redaction</c> and validated at start.
/// </summary>
public sealed record RedactionOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "JobPipeline:Redaction";

    /// <summary>Region for phone numbers written without <c>+</c>, unless a request sets <c>options.default_region</c>.</summary>
    [Required]
    [RegularExpression("^[A-Z]{2}$")]
    public string DefaultRegion { get; init; } = "US";

    /// <summary>
    /// Base64 master key (at least 32 bytes) for <c>mode=hash</c>; each tenant's HMAC key is derived from it with HKDF-SHA256
    /// (the tenant as info). Changing it changes every hash.
    /// </summary>
    [Required]
    public string HashKey { get; init; } = "";

    /// <summary>Most entries a request may put in <c>options.patterns</c>.</summary>
    [Range(0, 100)]
    public int MaxCustomPatterns { get; init; } = 10;

    /// <summary>Longest regular expression (in characters) a request may give.</summary>
    [Range(1, 10_000)]
    public int MaxPatternLength { get; init; } = 500;

    /// <summary>
    /// Largest size of a custom pattern, counted in character positions with every counted repetition written out
    /// (<c>\d{3}-\d{4}</c> is 8, <c>[\s\S]{1,480}q</c> is 481): the non-backtracking engine's cost per character grows with it.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPatternPositions { get; init; } = 256;

    /// <summary>
    /// How long a job's custom patterns may search, together, per MiB (1 Mi characters) of text, on top of one
    /// <see cref="PatternMatchTimeout"/>; past it the job fails.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PatternTimePerMegabyte { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most terms a request may put in <c>options.deny_list</c>.</summary>
    [Range(0, 100_000)]
    public int MaxDenyListTerms { get; init; } = 1_000;

    /// <summary>Longest deny-list term, in characters.</summary>
    [Range(1, 10_000)]
    public int MaxDenyListTermLength { get; init; } = 200;

    /// <summary>How long one custom pattern may search one chunk, field or cell before the job fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PatternMatchTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Characters of text read and searched at a time; memory use follows this, not the document size.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int ChunkChars { get; init; } = 64 * 1024;

    /// <summary>
    /// Characters carried from one chunk into the next so an entity that straddles a boundary is found once;
    /// also the longest entity guaranteed to be found whole at a boundary.
    /// </summary>
    [Range(64, 1024 * 1024)]
    public int OverlapChars { get; init; } = 8 * 1024;

    /// <summary>Most findings one document may have; past it the job fails (findings are kept in memory).</summary>
    [Range(1, 100_000_000)]
    public int MaxFindings { get; init; } = 1_000_000;

    /// <summary>Largest single JSON token (for instance one string value) of an <c>application/json</c> document, in bytes.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxJsonTokenBytes { get; init; } = 16 * 1024 * 1024;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HashKey.Length > 0 && DecodeHashKey() is not { Length: >= 32 })
        {
            yield return new ValidationResult("HashKey must be base64 of at least 32 bytes.", [nameof(HashKey)]);
        }

        if (!PhoneNumberDetector.IsSupportedRegion(DefaultRegion))
        {
            yield return new ValidationResult($"DefaultRegion '{DefaultRegion}' is not a region libphonenumber knows.", [nameof(DefaultRegion)]);
        }

        if (OverlapChars * 2 > ChunkChars)
        {
            yield return new ValidationResult("OverlapChars must be at most half of ChunkChars.", [nameof(OverlapChars), nameof(ChunkChars)]);
        }
    }

    internal byte[]? DecodeHashKey()
    {
        byte[] buffer = new byte[HashKey.Length];
        return Convert.TryFromBase64String(HashKey, buffer, out int written) ? buffer[..written] : null;
    }
}
