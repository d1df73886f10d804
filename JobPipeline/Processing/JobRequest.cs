using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobPipeline.Processing;

/// <summary>What a processor sees of a submission when it validates it.</summary>
/// <param name="Type">The job type.</param>
/// <param name="Input">The envelope's <c>input</c>; null for a raw document.</param>
/// <param name="DocumentContentType">The raw document's media type (lowercase, no parameters); null for the envelope.</param>
/// <param name="Options">The options: the envelope's <c>options</c>, or the query string of a raw submit
/// (values that read as JSON literals, such as <c>2</c> or <c>true</c>, arrive as those).</param>
public sealed record JobRequest(string Type, JsonElement? Input, string? DocumentContentType, JsonObject Options)
{
    /// <summary>Whether this is a raw document submit.</summary>
    public bool IsDocument => DocumentContentType is not null;
}
