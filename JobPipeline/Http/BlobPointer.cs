using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using JobPipeline.Storage;

namespace JobPipeline.Http;

/// <summary>
/// An <c>is_url</c> pointer: a read-only SAS URL of one blob, with its expiry, content type and size; or, for a sealed
/// result (which a SAS would hand out sealed), the API's own result route, which needs the key and has no expiry.
/// </summary>
internal sealed record BlobPointer(
    [property: JsonIgnore] Uri Url,
    [property: JsonPropertyName("url_expires_at"), JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyOrder(3)] string? ContentType,
    [property: JsonPropertyOrder(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? SizeBytes)
{
    /// <summary>Always true: tells a pointer from an inline result.</summary>
    [JsonPropertyOrder(0)]
    public bool IsUrl => true;

    /// <summary>The URL as written: absolute, or the route as given when it is relative (no public base URL known).</summary>
    [JsonPropertyName("url")]
    [JsonPropertyOrder(1)]
    public string UrlText => Url.IsAbsoluteUri ? Url.AbsoluteUri : Url.OriginalString;

    public static async Task<BlobPointer> CreateAsync(
        JobBlobs blobs, Azure.Storage.Blobs.Specialized.BlobBaseClient blob, string? contentType, long? sizeBytes, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        (Uri url, DateTimeOffset expiresAt) = await blobs.ReadOnlyUrlAsync(blob, lifetime, cancellationToken);
        return new BlobPointer(url, expiresAt, contentType, sizeBytes);
    }
}
