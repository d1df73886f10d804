using System.Text.Json;

namespace JobPipeline.Processing;

/// <summary>A job's input as a processor reads it: the envelope's JSON <c>input</c>, or a raw document.</summary>
public abstract class JobInput
{
    /// <summary>The raw document's media type (lowercase, no parameters); null for a JSON envelope input.</summary>
    public abstract string? DocumentContentType { get; }

    /// <summary>Whether the input is a raw document rather than the envelope's JSON.</summary>
    public bool IsDocument => DocumentContentType is not null;

    /// <summary>Reads the envelope's JSON <c>input</c>. Throws for a raw document.</summary>
    public abstract Task<JsonElement> ReadJsonAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens the raw document (or the JSON input's UTF-8 text) as a stream, without buffering it whole.</summary>
    public abstract Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default);
}
