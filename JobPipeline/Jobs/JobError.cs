using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace JobPipeline.Jobs;

/// <summary>
/// The <c>{code, message, details}</c> object of the API: the body of an error response and the <c>error</c> of a failed job.
/// </summary>
/// <param name="Code">One of <see cref="ErrorCodes"/>.</param>
/// <param name="Message">A sentence for a person; never internals.</param>
/// <param name="Details">Machine-readable facts (which field, line and column, …), or null.</param>
/// <param name="Retryable">For a failed job: whether submitting it again may succeed.</param>
public sealed record JobError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")] JsonObject? Details = null,
    [property: JsonPropertyName("retryable")] bool Retryable = false)
{
    /// <summary>A <c>VALIDATION_FAILED</c> error naming the field at fault.</summary>
    public static JobError Validation(string field, string message) =>
        new(ErrorCodes.ValidationFailed, message, new JsonObject { ["field"] = field });

    /// <summary>An <c>UNSUPPORTED_MEDIA_TYPE</c> error listing what the job type takes.</summary>
    public static JobError UnsupportedMediaType(string? contentType, IEnumerable<string> accepted) =>
        new(ErrorCodes.UnsupportedMediaType,
            $"Content type '{contentType ?? "(none)"}' is not accepted here.",
            new JsonObject { ["content_type"] = contentType, ["accepted"] = new JsonArray([.. accepted.Select(a => (JsonNode)a)]) });
}
