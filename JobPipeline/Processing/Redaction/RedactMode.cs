namespace JobPipeline.Processing.Redaction;

/// <summary>What <c>options.mode</c> does with each finding.</summary>
internal enum RedactMode
{
    /// <summary><c>[EMAIL_ADDRESS_1]</c>; the same value gets the same placeholder within a document.</summary>
    Replace,

    /// <summary>Every character becomes <c>options.mask_char</c>, except the last <c>options.keep_last</c>.</summary>
    Mask,

    /// <summary>Lowercase hex HMAC-SHA256 of the value under a per-tenant key.</summary>
    Hash,

    /// <summary>The value is cut out.</summary>
    Remove,
}
