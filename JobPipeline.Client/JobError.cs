using System.Text.Json;

namespace JobPipeline.Client;

/// <summary>Why a job failed (or, in an error response, why a request was refused).</summary>
/// <param name="Code">The error code (<c>INVALID_JSON</c>, <c>TIMEOUT</c>, …).</param>
/// <param name="Message">A human-readable message.</param>
/// <param name="Details">Details of the error (which field, line and column, …).</param>
/// <param name="Retryable">For a failed job: whether submitting it again may succeed.</param>
public sealed record JobError(string Code, string Message, JsonElement? Details = null, bool? Retryable = null);
