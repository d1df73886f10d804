using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Http.Requests;

/// <summary>
/// <c>POST /api/jobs</c>: the JSON envelope <c>{type, input | input_url, options, metadata, output_url, callback_url}</c>,
/// read and checked into the <see cref="JobSubmission"/> it asks for.
/// </summary>
internal static class EnvelopeSubmitRequest
{
    private const int MaxMetadataBytes = 8 * 1024;
    private static readonly string[] Fields = ["type", "input", "input_url", "options", "metadata", "output_url", "callback_url"];

    public static async Task<JobSubmission> ReadAsync(ApiCall call, JobsApiServices services, string? idempotencyKey)
    {
        (byte[] body, JsonElement root) = await RequestReader.ReadJsonAsync(call.Request, services.Options.Value.MaxEnvelopeBytes, call.Aborted);
        CheckShape(root);
        IJobProcessor processor = SubmitChecks.Processor(services.Processors, root.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null);
        if (processor.SealsDataAtRest && root.TryGetProperty("output_url", out JsonElement sealedOutput) && sealedOutput.ValueKind != JsonValueKind.Null)
        {
            throw SubmitChecks.SealedOutputRefused(processor);
        }

        string? inputUrl = RemoteUrl(services, root, "input_url");
        string? outputUrl = RemoteUrl(services, root, "output_url");
        string? callbackUrl = !root.TryGetProperty("callback_url", out JsonElement callback) || callback.ValueKind == JsonValueKind.Null
            ? null
            : SubmitChecks.CallbackUrl(services, call.Tenant, callback.ValueKind == JsonValueKind.String ? callback.GetString() : null);
        bool hasInput = root.TryGetProperty("input", out JsonElement input) && input.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
        if (hasInput == (inputUrl is not null))
        {
            throw ApiException.Invalid("input", hasInput ? "Give either 'input' or 'input_url', not both." : "The job needs an 'input' (or an 'input_url').");
        }

        JsonObject jobOptions = ObjectField(root, "options");
        JsonObject metadata = ObjectField(root, "metadata");
        if (Encoding.UTF8.GetByteCount(metadata.ToJsonString()) > MaxMetadataBytes)
        {
            throw ApiException.Invalid("metadata", $"Metadata may take at most {MaxMetadataBytes} bytes.");
        }

        string? documentType = inputUrl is null ? null : InputUrlContentType(processor, jobOptions);
        SubmitChecks.Validate(processor, new JobRequest(processor.Type, hasInput ? input : null, documentType, jobOptions));
        return new JobSubmission
        {
            Tenant = call.Tenant,
            Type = processor.Type,
            InputJson = hasInput ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(input).ToArray() : null,
            InputUrl = inputUrl,
            OutputUrl = outputUrl,
            CallbackUrl = callbackUrl,
            DocumentContentType = documentType,
            OptionsJson = jobOptions.ToJsonString(),
            MetadataJson = metadata.ToJsonString(),
            IdempotencyKey = idempotencyKey,
            RequestHash = idempotencyKey is null ? null : SHA256.HashData([.. "envelope\n"u8, .. body]),
        };
    }

    private static void CheckShape(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("body", "The body must be a JSON object {\"type\", \"input\", \"options\", \"metadata\"}.");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw ApiException.Invalid(property.Name, $"Unknown field '{property.Name}'.");
            }
        }
    }

    private static string? RemoteUrl(JobsApiServices services, JsonElement root, string field) =>
        !root.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null
            ? null
            : SubmitChecks.RemoteUrl(services, field, value.ValueKind == JsonValueKind.String ? value.GetString() : null);

    // An input_url document is read as options.content_type says; the option is the envelope's, not the job type's.
    private static string InputUrlContentType(IJobProcessor processor, JsonObject jobOptions)
    {
        string? declared = jobOptions.Remove("content_type", out JsonNode? node) && node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        if (declared is null)
        {
            throw ApiException.Invalid("options.content_type", "With input_url, options.content_type must say how to read the document (e.g. application/pdf).");
        }

        string mediaType = declared.Split(';')[0].Trim().ToLowerInvariant();
        return processor.DocumentContentTypes.Contains(mediaType)
            ? mediaType
            : throw new ApiException(415, JobError.UnsupportedMediaType(mediaType, processor.DocumentContentTypes));
    }

    private static JsonObject ObjectField(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(value.GetRawText())!.AsObject()
            : throw ApiException.Invalid(name, $"'{name}' must be a JSON object.");
    }
}
