using System.Text.Json.Nodes;

namespace JobPipeline.Http.Responses;

/// <summary>The body of every error response: <c>{"error": {code, message, details, request_id}}</c> (the <c>ErrorResponse</c> schema).</summary>
internal sealed record ErrorEnvelope(ErrorEnvelope.Body Error)
{
    /// <summary>The error: details are an object, empty when there are none.</summary>
    public sealed record Body(string Code, string Message, JsonObject Details, string RequestId);
}
