using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.JsonFormat;

/// <summary>
/// <c>json.format</c>: pretty-prints or minifies one JSON value. Only whitespace changes (and member order with
/// <c>sort_keys</c>): numbers, strings, escapes and duplicate names are written exactly as they came.
/// </summary>
internal sealed class JsonFormatProcessor : IJobProcessor
{
    private static readonly string[] DocumentTypes = ["application/json", "text/json", "text/plain"];

    public string Type => "json.format";

    public IReadOnlyCollection<string> DocumentContentTypes => DocumentTypes;

    public JobError? Validate(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsDocument)
        {
            if (!DocumentTypes.Contains(request.DocumentContentType))
            {
                return JobError.UnsupportedMediaType(request.DocumentContentType, DocumentTypes);
            }
        }
        else if (ReadEnvelope(request.Input, out _) is { } inputError)
        {
            return inputError;
        }

        return JsonFormatJobOptions.TryRead(request.Options, out _);
    }

    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (JsonFormatJobOptions.TryRead(execution.Options, out JsonFormatJobOptions options) is { } optionsError)
        {
            throw new JobProcessingException(optionsError);
        }

        await using Stream input = await OpenTextAsync(execution.Input, cancellationToken);
        if (!execution.Input.IsDocument)
        {
            (long inputBytes, long outputBytes) = await JsonReformatter.ReformatAsync(
                input, ct => execution.Result.OpenAsync("application/json", ResultForm.Text, ct), options, cancellationToken);
            execution.Progress.Report(100);
            return new JobProcessorOutcome(new JsonObject { ["input_bytes"] = inputBytes, ["output_bytes"] = outputBytes });
        }

        // A document in, a document out: the formatted JSON is the output document (downloaded from /result as a
        // file), and the job's result holds the figures beside the pointer to it, as for every document job.
        (long documentInputBytes, long documentOutputBytes) = await JsonReformatter.ReformatAsync(
            input, ct => execution.Result.OpenDocumentAsync("application/json", $"{execution.JobId}.formatted.json", ct), options, cancellationToken);
        var figures = new JsonObject
        {
            ["file_type"] = "json",
            ["content_type"] = "application/json",
            ["input_bytes"] = documentInputBytes,
            ["output_bytes"] = documentOutputBytes,
        };
        await using (Stream result = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken))
        {
            await result.WriteAsync(Encoding.UTF8.GetBytes(figures.ToJsonString()), cancellationToken);
        }

        execution.Progress.Report(100);
        return new JobProcessorOutcome(new JsonObject { ["input_bytes"] = documentInputBytes, ["output_bytes"] = documentOutputBytes, ["file_type"] = "json" });
    }

    // A raw document is streamed; the envelope's text is already in memory with the rest of the input.
    private static async Task<Stream> OpenTextAsync(JobInput input, CancellationToken cancellationToken)
    {
        if (input.IsDocument)
        {
            return await input.OpenReadAsync(cancellationToken);
        }

        JsonElement envelope = await input.ReadJsonAsync(cancellationToken);
        if (ReadEnvelope(envelope, out string? text) is { } error)
        {
            throw new JobProcessingException(error);
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(text!), writable: false);
    }

    private static JobError? ReadEnvelope(JsonElement? input, out string? text)
    {
        text = null;
        if (input is not { ValueKind: JsonValueKind.Object } envelope)
        {
            return JobError.Validation("input", "The input must be an object {\"json\": \"<text>\"}.");
        }

        foreach (JsonProperty property in envelope.EnumerateObject())
        {
            if (property.Name != "json")
            {
                return JobError.Validation($"input.{property.Name}", $"Unknown input field '{property.Name}'; json.format takes 'json'.");
            }
        }

        if (!envelope.TryGetProperty("json", out JsonElement json) || json.ValueKind != JsonValueKind.String)
        {
            return JobError.Validation("input.json", "'json' must be a string holding the JSON text to format.");
        }

        try
        {
            text = json.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (e.g. "\ud800") has no UTF-8 form to format.
            return JobError.Validation("input.json", "'json' must be valid Unicode text.");
        }
    }
}
