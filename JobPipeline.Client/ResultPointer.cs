namespace JobPipeline.Client;

/// <summary>
/// A result (or output document) kept in storage: a read-only SAS URL that works with a plain, unauthenticated GET
/// until <see cref="UrlExpiresAt"/>.
/// </summary>
/// <param name="IsUrl">Always true for a pointer.</param>
/// <param name="Url">The SAS URL. Never send the API key there.</param>
/// <param name="UrlExpiresAt">When the URL stops working; read the job again for a fresh one.</param>
/// <param name="ContentType">The content type of the bytes behind the URL.</param>
/// <param name="SizeBytes">Their size.</param>
public sealed record ResultPointer(bool IsUrl, Uri Url, DateTimeOffset? UrlExpiresAt = null, string? ContentType = null, long? SizeBytes = null);
