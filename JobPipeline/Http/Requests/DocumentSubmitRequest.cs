using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Http.Requests;

/// <summary>
/// <c>POST /api/jobs/{type}</c>: a raw document as the body, the job's options (and <c>output_url</c>,
/// <c>callback_url</c>) in the query string, read and checked into the <see cref="JobSubmission"/> it asks for.
/// </summary>
internal static class DocumentSubmitRequest
{
    public static async Task<JobSubmission> ReadAsync(ApiCall call, JobsApiServices services, string type)
    {
        long maxBytes = services.Options.Value.MaxRequestBodyBytes;
        IJobProcessor processor = SubmitChecks.Processor(services.Processors, type);
        string? idempotencyKey = SubmitChecks.IdempotencyKey(call.Request);
        string? mediaType = RequestReader.MediaType(call.Request);
        if (mediaType is null || !processor.DocumentContentTypes.Contains(mediaType))
        {
            throw new ApiException(415, JobError.UnsupportedMediaType(mediaType, processor.DocumentContentTypes));
        }

        RequestReader.CheckDeclaredLength(call.Request, maxBytes);
        JsonObject jobOptions = RequestReader.QueryOptions(call.Request);
        string? outputUrl = null;
        if (jobOptions.Remove("output_url", out JsonNode? outputNode))
        {
            outputUrl = processor.SealsDataAtRest
                ? throw SubmitChecks.SealedOutputRefused(processor)
                : SubmitChecks.RemoteUrl(services, "output_url", Text(outputNode));
        }

        string? callbackUrl = jobOptions.Remove("callback_url", out JsonNode? callbackNode)
            ? SubmitChecks.CallbackUrl(services, call.Tenant, Text(callbackNode))
            : null;
        SubmitChecks.Validate(processor, new JobRequest(processor.Type, null, mediaType, jobOptions));

        // A chunked body declares no length: only reading tells whether there is a document at all.
        Stream document = await PrefixedStream.NonEmptyAsync(call.Request.Body, call.Aborted)
            ?? throw ApiException.Invalid("body", "The document is empty.");
        return new JobSubmission
        {
            Tenant = call.Tenant,
            Type = processor.Type,
            Document = document,
            DocumentContentType = mediaType,
            OutputUrl = outputUrl,
            CallbackUrl = callbackUrl,
            OptionsJson = jobOptions.ToJsonString(),
            IdempotencyKey = idempotencyKey,
            MaxDocumentBytes = maxBytes,
        };
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
