using System.Text.Json;
using Azure.Storage.Blobs;
using JobPipeline.Storage;

namespace JobPipeline.Http;

/// <summary>
/// An <c>is_url</c> pointer: a read-only SAS URL of one blob, with its expiry, content type and size; or, for a sealed
/// result (which a SAS would hand out sealed), the API's own result route, which needs the key and has no expiry.
/// </summary>
internal sealed record BlobPointer(Uri Url, DateTimeOffset? ExpiresAt, string? ContentType, long? SizeBytes)
{
    public static async Task<BlobPointer> CreateAsync(
        JobBlobs blobs, Azure.Storage.Blobs.Specialized.BlobBaseClient blob, string? contentType, long? sizeBytes, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        (Uri url, DateTimeOffset expiresAt) = await blobs.ReadOnlyUrlAsync(blob, lifetime, cancellationToken);
        return new BlobPointer(url, expiresAt, contentType, sizeBytes);
    }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteProperties(writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes the pointer's properties into an object the caller has opened.</summary>
    public void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteBoolean("is_url", true);
        writer.WriteString("url", Url.IsAbsoluteUri ? Url.AbsoluteUri : Url.OriginalString);
        if (ExpiresAt is { } expiresAt)
        {
            writer.WriteTime("url_expires_at", expiresAt);
        }

        writer.WriteString("content_type", ContentType);
        if (SizeBytes is { } size)
        {
            writer.WriteNumber("size_bytes", size);
        }
    }
}
