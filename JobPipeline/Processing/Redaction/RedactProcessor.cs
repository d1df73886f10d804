using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using JobPipeline.Jobs;
using Microsoft.Extensions.Options;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The <c>redact</c> job type: finds personal data and secrets in text, CSV or JSON and replaces, masks, hashes or
/// removes them. See <c>docs/redaction.md</c> for the entity types, options and result shapes.
/// </summary>
/// <param name="options">The deployment's redaction settings.</param>
/// <param name="time">The clock that times custom patterns against their budget (the system clock if none).</param>
public sealed class RedactProcessor(IOptions<RedactionOptions> options, TimeProvider? time = null) : IJobProcessor
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The result is served as application/json, never embedded in HTML, so only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly RedactionOptions _settings = options.Value;

    /// <inheritdoc />
    public string Type => "redact";

    /// <inheritdoc />
    public IReadOnlyCollection<string> DocumentContentTypes { get; } = ["text/plain", "text/csv", "application/json"];

    /// <inheritdoc />
    public JobError? Validate(JobRequest request)
    {
        if (request.IsDocument)
        {
            if (!DocumentContentTypes.Contains(request.DocumentContentType))
            {
                return JobError.UnsupportedMediaType(request.DocumentContentType, DocumentContentTypes);
            }
        }
        else if (request.Input is not { ValueKind: JsonValueKind.Object } input
                 || !input.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
        {
            return JobError.Validation("input.text", "input must be an object with a string 'text'.");
        }

        RedactJobOptions.TryParse(request.Options, _settings, out _, out var error);
        return error;
    }

    /// <inheritdoc />
    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        if (!RedactJobOptions.TryParse(execution.Options, _settings, out var jobOptions, out var error))
        {
            throw new JobProcessingException(error!);
        }

        var budget = new PatternTimeBudget(jobOptions!.Patterns, _settings, time ?? TimeProvider.System);
        var recognizer = new EntityRecognizer(jobOptions, _settings.PatternMatchTimeout, budget);
        var anonymizer = new Anonymizer(jobOptions!, _settings.DecodeHashKey() ?? [], execution.Tenant);
        using var log = new FindingLog(_settings.MaxFindings);

        await using var input = new ProgressReportingStream(await execution.Input.OpenReadAsync(cancellationToken));
        void ReportProgress() => input.Report(execution.Progress);

        await using var output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            switch (execution.Input.DocumentContentType)
            {
                case null:
                    // The envelope's input is already parsed JSON of a bounded size: its text is read from there.
                    var envelope = await execution.Input.ReadJsonAsync(cancellationToken);
                    if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                    {
                        throw new JobProcessingException(JobError.Validation("input.text", "input must be an object with a string 'text'."));
                    }

                    writer.WritePropertyName("text");
                    await TextRedactor(recognizer, anonymizer, log).WriteRedactedAsync(new StringReader(text.GetString()!), writer, null, cancellationToken);
                    break;
                case "text/plain":
                    writer.WritePropertyName("text");
                    await TextRedactor(recognizer, anonymizer, log).WriteRedactedAsync(Reader(input), writer, ReportProgress, cancellationToken);
                    break;
                case "text/csv":
                    writer.WriteString("content_type", "text/csv");
                    writer.WritePropertyName("text");
                    await new CsvRedactor(recognizer, anonymizer, log).WriteRedactedAsync(Reader(input), writer, ReportProgress, cancellationToken);
                    break;
                case "application/json":
                    writer.WriteString("content_type", "application/json");
                    writer.WritePropertyName("document");
                    await new JsonRedactor(recognizer, anonymizer, log, _settings.MaxJsonTokenBytes).WriteRedactedAsync(input, writer, ReportProgress, cancellationToken);
                    break;
                default:
                    throw new JobProcessingException(JobError.UnsupportedMediaType(execution.Input.DocumentContentType, DocumentContentTypes));
            }

            await log.WriteAsync(writer, cancellationToken);
            if (jobOptions!.ReturnMap)
            {
                anonymizer.WriteMap(writer);
            }

            writer.WriteEndObject();
        }

        execution.Progress.Report(100);
        return new JobProcessorOutcome(log.Summary());
    }

    private TextRedactor TextRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log) =>
        new(recognizer, anonymizer, log, _settings.ChunkChars, _settings.OverlapChars);

    private static StreamReader Reader(Stream input) =>
        new(input, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
}
