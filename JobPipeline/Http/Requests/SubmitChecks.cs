using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace JobPipeline.Http.Requests;

/// <summary>The checks both submit routes make: the job type, the idempotency key, the URLs, the job type's own validation.</summary>
internal static class SubmitChecks
{
    private const int MaxCallbackUrlLength = 2048;
    private const int MaxIdempotencyKeyLength = 255;

    /// <summary>The processor of <paramref name="type"/>: 400 naming the known types when there is none.</summary>
    public static IJobProcessor Processor(JobProcessorCatalog catalog, string? type) =>
        catalog.Find(type) ?? throw new ApiException(400, new JobError(
            ErrorCodes.ValidationFailed,
            type is null ? "The job needs a 'type'." : "Unknown job type.",
            new JsonObject { ["field"] = "type", ["known_types"] = new JsonArray([.. catalog.Types.Select(t => (JsonNode)t)]) }));

    /// <summary>The job type's own verdict on the request: 415 for a content type it does not take, else 400.</summary>
    public static void Validate(IJobProcessor processor, JobRequest request)
    {
        if (processor.Validate(request) is { } error)
        {
            throw new ApiException(error.Code == ErrorCodes.UnsupportedMediaType ? 415 : 400, error);
        }
    }

    /// <summary>
    /// A sealed job's result rests only sealed with the tenant's key: written to output_url it would be either
    /// unreadable (sealed bytes) or the vault's values in clear outside the vault. Neither is offered.
    /// </summary>
    public static ApiException SealedOutputRefused(IJobProcessor processor) => ApiException.Invalid(
        "output_url",
        $"'{processor.Type}' jobs keep their data sealed at rest; their result is only read through GET /api/jobs/{{id}}/result, so output_url cannot be used.");

    /// <summary>An <c>input_url</c> or <c>output_url</c> the remote document policy allows.</summary>
    public static string RemoteUrl(JobsApiServices services, string field, string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw ApiException.Invalid(field, $"'{field}' must be an absolute https URL.");
        }

        return services.Remote.Policy.Refusal(uri) is { } refusal ? throw ApiException.Invalid(field, refusal) : url;
    }

    /// <summary>A <c>callback_url</c> the tenant's webhook settings allow.</summary>
    public static string CallbackUrl(JobsApiServices services, string tenant, string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw ApiException.Invalid("callback_url", "'callback_url' must be an absolute https URL.");
        }

        if (url.Length > MaxCallbackUrlLength)
        {
            throw ApiException.Invalid("callback_url", "'callback_url' may be at most 2048 characters long.");
        }

        return services.Webhooks.Refusal(tenant, uri) is { } refusal ? throw ApiException.Invalid("callback_url", refusal) : uri.AbsoluteUri;
    }

    /// <summary>The <c>Idempotency-Key</c> header: 1 to 255 visible ASCII characters, given once; null when absent.</summary>
    public static string? IdempotencyKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("Idempotency-Key", out StringValues values))
        {
            return null;
        }

        string? key = values.Count == 1 ? values[0] : null;
        return key is { Length: >= 1 and <= MaxIdempotencyKeyLength } && key.All(c => c is >= '!' and <= '~')
            ? key
            : throw ApiException.Invalid("Idempotency-Key", "Idempotency-Key is 1 to 255 visible ASCII characters, given once.");
    }
}
