using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing.Documents;
using Microsoft.Extensions.Options;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The <c>redact</c> job type: finds personal data and secrets in text, CSV, JSON, Word, Excel or PDF documents and
/// replaces, masks, hashes or removes them, giving back a document of the same type. See <c>docs/redaction.md</c> for the entity types, options and result shapes.
/// </summary>
/// <param name="options">The deployment's redaction settings.</param>
/// <param name="time">The clock that times custom patterns against their budget (the system clock if none).</param>
/// <param name="documents">The limits of Word, Excel and PDF documents (defaults if none).</param>
public sealed class RedactProcessor(IOptions<RedactionOptions> options, TimeProvider? time = null, IOptions<DocumentOptions>? documents = null) : IJobProcessor
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The result is served as application/json, never embedded in HTML, so only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly RedactionOptions _settings = options.Value;
    private readonly DocumentOptions _documents = documents?.Value ?? new DocumentOptions();

    /// <inheritdoc />
    public string Type => "redact";

    /// <inheritdoc />
    public IReadOnlyCollection<string> DocumentContentTypes { get; } =
        ["text/plain", "text/csv", "application/json", DocumentKind.DocxContentType, DocumentKind.XlsxContentType, "application/pdf"];

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
                 || !input.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String)
        {
            return JobError.Validation("input.text", "input must be an object with a string 'text'.");
        }

        RedactJobOptions.TryParse(request.Options, _settings, out _, out JobError? error);
        return error;
    }

    /// <inheritdoc />
    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        if (!RedactJobOptions.TryParse(execution.Options, _settings, out RedactJobOptions? jobOptions, out JobError? error))
        {
            throw new JobProcessingException(error!);
        }

        var budget = new PatternTimeBudget(jobOptions!.Patterns, _settings, time ?? TimeProvider.System);
        var recognizer = new EntityRecognizer(jobOptions, _settings.PatternMatchTimeout, budget);
        var anonymizer = new Anonymizer(jobOptions!, _settings.DecodeHashKey() ?? [], execution.Tenant);
        using var log = new FindingLog(_settings.MaxFindings);

        DocumentKind? kind = null;
        if (execution.Input.IsDocument)
        {
            // The redacted document goes out as a document; the figures follow as the job's JSON result.
            kind = DocumentKind.Find(execution.Input.DocumentContentType);
            if (kind is null || !DocumentContentTypes.Contains(kind.ContentType))
            {
                throw new JobProcessingException(JobError.UnsupportedMediaType(execution.Input.DocumentContentType, DocumentContentTypes));
            }

            await RedactDocumentAsync(execution, kind, recognizer, anonymizer, log, cancellationToken);
        }

        await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            if (kind is null)
            {
                // The envelope's input is already parsed JSON of a bounded size: its text is read from there.
                JsonElement envelope = await execution.Input.ReadJsonAsync(cancellationToken);
                if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String)
                {
                    throw new JobProcessingException(JobError.Validation("input.text", "input must be an object with a string 'text'."));
                }

                var redacted = new StringWriter();
                await TextRedactor(recognizer, anonymizer, log).WriteRedactedAsync(new StringReader(text.GetString()!), redacted, null, cancellationToken);
                writer.WriteString("text", redacted.ToString());
            }
            else
            {
                writer.WriteString("file_type", kind.FileType);
                writer.WriteString("content_type", kind.ContentType);
            }

            await log.WriteAsync(writer, cancellationToken);
            if (jobOptions!.ReturnMap)
            {
                anonymizer.WriteMap(writer);
            }

            writer.WriteEndObject();
        }

        execution.Progress.Report(100);
        JsonObject summary = log.Summary();
        if (kind is not null)
        {
            summary["file_type"] = kind.FileType;
        }

        return new JobProcessorOutcome(summary);
    }

    private async Task RedactDocumentAsync(
        JobExecution execution, DocumentKind kind, EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, CancellationToken cancellationToken)
    {
        await using var input = new ProgressReportingStream(await execution.Input.OpenReadAsync(cancellationToken));
        void ReportProgress() => input.Report(execution.Progress);
        void ReportParts(long done, long total)
        {
            if (total > 0)
            {
                execution.Progress.Report((int)Math.Min(99, done * 100 / total));
            }
        }

        await using Stream document = await execution.Result.OpenDocumentAsync(kind.ContentType, $"{execution.JobId}.redacted.{kind.Extension}", cancellationToken);
        switch (kind.FileType)
        {
            case "txt":
                await using (StreamWriter writer = Writer(document))
                {
                    await TextRedactor(recognizer, anonymizer, log).WriteRedactedAsync(Reader(input), writer, ReportProgress, cancellationToken);
                }

                break;
            case "csv":
                await using (StreamWriter writer = Writer(document))
                {
                    await new CsvRedactor(recognizer, anonymizer, log).WriteRedactedAsync(Reader(input), writer, ReportProgress, cancellationToken);
                }

                break;
            case "json":
                await using (var writer = new Utf8JsonWriter(document, WriterOptions))
                {
                    await new JsonRedactor(recognizer, anonymizer, log, _settings.MaxJsonTokenBytes).WriteRedactedAsync(input, writer, ReportProgress, cancellationToken);
                }

                break;
            default:
                await using (FileStream source = await SpooledDocument.CopyAsync(input, cancellationToken))
                await using (FileStream redacted = SpooledDocument.Create())
                {
                    await Task.Run(() => RedactFile(kind, source, redacted, recognizer, anonymizer, log, ReportParts, cancellationToken), cancellationToken);
                    redacted.Position = 0;
                    await redacted.CopyToAsync(document, 256 * 1024, cancellationToken);
                }

                break;
        }
    }

    private void RedactFile(
        DocumentKind kind, FileStream source, FileStream target, EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log,
        Action<long, long> progress, CancellationToken cancellationToken)
    {
        try
        {
            switch (kind.FileType)
            {
                case "docx":
                    new WordRedactor(recognizer, anonymizer, log, _documents).Redact(source, target, progress, cancellationToken);
                    break;
                case "xlsx":
                    new ExcelRedactor(recognizer, anonymizer, log, _documents).Redact(source, target, progress, cancellationToken);
                    break;
                case "pdf":
                    new PdfRedactor(recognizer, anonymizer, log, _documents).Redact(source, target, progress, cancellationToken);
                    break;
                default:
                    throw new JobProcessingException(JobError.UnsupportedMediaType(kind.ContentType, DocumentContentTypes));
            }
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException
                                       or InvalidOperationException or ArgumentException or FormatException
                                       or NotSupportedException or EndOfStreamException or InvalidCastException
                                       or PdfSharp.PdfSharpException)
        {
            // What a malformed file makes the readers throw: the file's fault, said so, not a crash of the service.
            throw DocumentFailure.Unreadable(kind.FileType, "its structure is damaged or not what the format requires.", e);
        }
    }

    private static StreamWriter Writer(Stream document) =>
        new(document, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);

    private TextRedactor TextRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log) =>
        new(recognizer, anonymizer, log, _settings.ChunkChars, _settings.OverlapChars);

    private static StreamReader Reader(Stream input) =>
        new(input, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
}
