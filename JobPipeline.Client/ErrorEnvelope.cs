using System.Text.Json;

namespace JobPipeline.Client;

/// <summary>The error envelope every error response carries.</summary>
internal sealed record ErrorEnvelope(ErrorEnvelope.Body? Error)
{
    internal sealed record Body(string? Code, string? Message, JsonElement? Details, string? RequestId);
}
