using System.Text.Json.Nodes;

namespace JobPipeline.Client;

/// <summary>What else a submit carries besides the job type and its input.</summary>
public sealed record SubmitJobOptions
{
    /// <summary>The job type's options (<c>{"indent": 2}</c>, <c>{"mode": "mask"}</c>, …); for a document, sent in the query string.</summary>
    public JsonObject? Options { get; init; }

    /// <summary>Your own small JSON object, returned with the job (JSON submits only).</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>
    /// The <c>Idempotency-Key</c>: the same key and body within retention return the first job instead of a second
    /// one. When null the client makes one per call, so that its own retries never create a job twice.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// Where the service posts a signed webhook when the job ends (under one of your tenant's callback origins); for a
    /// document, sent as the <c>callback_url</c> query parameter.
    /// </summary>
    public Uri? CallbackUrl { get; init; }
}
