namespace JobPipeline.Jobs;

/// <summary>A validated submission, ready to be stored.</summary>
public sealed record JobSubmission
{
    /// <summary>The tenant submitting.</summary>
    public required string Tenant { get; init; }

    /// <summary>The job type (a registered processor).</summary>
    public required string Type { get; init; }

    /// <summary>The envelope's <c>input</c> as UTF-8 JSON; null for a raw document.</summary>
    public byte[]? InputJson { get; init; }

    /// <summary>The raw document's body stream; null for the envelope.</summary>
    public Stream? Document { get; init; }

    /// <summary>The <c>input_url</c> to fetch the document from when the job runs (then <see cref="DocumentContentType"/> says how to read it).</summary>
    public string? InputUrl { get; init; }

    /// <summary>The <c>output_url</c> the output is also written to.</summary>
    public string? OutputUrl { get; init; }

    /// <summary>The <c>callback_url</c> a signed webhook is posted to when the job ends (already checked against the tenant's origins).</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>The raw document's media type.</summary>
    public string? DocumentContentType { get; init; }

    /// <summary>The options as JSON text.</summary>
    public string OptionsJson { get; init; } = "{}";

    /// <summary>The metadata as JSON text.</summary>
    public string MetadataJson { get; init; } = "{}";

    /// <summary>The <c>Idempotency-Key</c> header, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The SHA-256 of the envelope request (for a raw document it is computed while the body is stored).</summary>
    public byte[]? RequestHash { get; init; }

    /// <summary>The largest raw document accepted.</summary>
    public long MaxDocumentBytes { get; init; } = long.MaxValue;
}
