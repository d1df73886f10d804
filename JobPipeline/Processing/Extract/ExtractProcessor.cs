using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing.Documents;
using Microsoft.Extensions.Options;

namespace JobPipeline.Processing.Extract;

/// <summary>
/// The <c>extract</c> job type: the text of a PDF, DOCX, XLSX, HTML or plain-text document, by page, with headings
/// and tables kept, as <c>options.format</c> <c>text</c>, <c>markdown</c> or <c>json</c>. The result is written as it
/// is read; one above the inline limit becomes an <c>is_url</c> pointer like any large result.
/// See <c>docs/job-types.md</c>.
/// </summary>
public sealed class ExtractProcessor(IOptions<DocumentOptions> options) : IJobProcessor
{
    private static readonly string[] Formats = ["text", "markdown", "json"];

    private readonly DocumentOptions _limits = options.Value;

    /// <inheritdoc />
    public string Type => "extract";

    /// <inheritdoc />
    public IReadOnlyCollection<string> DocumentContentTypes { get; } =
        ["application/pdf", DocumentKind.DocxContentType, DocumentKind.XlsxContentType, "text/html", "text/plain"];

    /// <inheritdoc />
    public JobError? Validate(JobRequest request)
    {
        if (!request.IsDocument)
        {
            return JobError.Validation("input", "extract takes a document: POST /api/jobs/extract with the document as the body.");
        }

        if (!DocumentContentTypes.Contains(request.DocumentContentType))
        {
            return JobError.UnsupportedMediaType(request.DocumentContentType, DocumentContentTypes);
        }

        return ReadFormat(request.Options, out _);
    }

    /// <inheritdoc />
    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        if (ReadFormat(execution.Options, out string format) is { } error)
        {
            throw new JobProcessingException(error);
        }

        DocumentKind kind = DocumentKind.Find(execution.Input.DocumentContentType) is { } found && DocumentContentTypes.Contains(found.ContentType)
            ? found
            : throw new JobProcessingException(JobError.UnsupportedMediaType(execution.Input.DocumentContentType, DocumentContentTypes));

        (string contentType, ResultForm form) = format switch
        {
            "json" => ("application/json", ResultForm.Json),
            "markdown" => ("text/markdown; charset=utf-8", ResultForm.Text),
            _ => ("text/plain; charset=utf-8", ResultForm.Text),
        };

        await using Stream input = await execution.Input.OpenReadAsync(cancellationToken);
        await using Stream output = await execution.Result.OpenAsync(contentType, form, cancellationToken);
        await using Utf8JsonWriter? json = format == "json" ? new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) : null;
        await using StreamWriter? text = format == "json" ? null : new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        ExtractWriter writer = format switch
        {
            "json" => new JsonExtractWriter(json!),
            "markdown" => new MarkdownExtractWriter(text!),
            _ => new TextExtractWriter(text!),
        };
        (writer as JsonExtractWriter)?.Start();
        await ReadAsync(kind, input, writer, execution.Progress, cancellationToken);
        writer.Complete();
        await writer.FlushAsync(cancellationToken);

        execution.Progress.Report(100);
        return new JobProcessorOutcome(new JsonObject { ["page_count"] = writer.PageCount, ["file_type"] = kind.FileType, ["format"] = format });
    }

    private async Task ReadAsync(DocumentKind kind, Stream input, ExtractWriter writer, IProgress<int> progress, CancellationToken cancellationToken)
    {
        switch (kind.FileType)
        {
            case "html":
                await HtmlExtractor.ReadAsync(input, writer, cancellationToken);
                return;
            case "txt":
                await ReadTextAsync(input, writer, cancellationToken);
                return;
        }

        await using FileStream file = await SpooledDocument.CopyAsync(input, cancellationToken);
        try
        {
            await Task.Run(
                () =>
                {
                    switch (kind.FileType)
                    {
                        case "docx":
                            OfficeExtractor.Word(file, _limits, writer);
                            break;
                        case "xlsx":
                            OfficeExtractor.Excel(file, _limits, writer);
                            break;
                        default:
                            PdfExtractor.Read(file, _limits, writer, (done, total) => progress.Report(Math.Min(99, done * 100 / Math.Max(1, total))), cancellationToken);
                            break;
                    }
                },
                cancellationToken);
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException
                                       or InvalidOperationException or ArgumentException or FormatException)
        {
            throw DocumentFailure.Unreadable(kind.FileType, "its structure is damaged or not what the format requires.", e);
        }
    }

    // Plain text: one page; paragraphs are separated by blank lines.
    private static async Task ReadTextAsync(Stream input, ExtractWriter writer, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
        writer.BeginPage(null);
        var paragraph = new StringBuilder();
        int lines = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            paragraph.Append(paragraph.Length > 0 ? "\n" : "").Append(line.TrimEnd());
            if (++lines % 10_000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        Flush();

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                writer.Paragraph(paragraph.ToString());
                paragraph.Clear();
            }
        }
    }

    private static JobError? ReadFormat(JsonObject options, out string format)
    {
        format = "text";
        foreach ((string name, JsonNode? value) in options)
        {
            if (name != "format")
            {
                return JobError.Validation($"options.{name}", $"Unknown option '{name}'; extract takes format.");
            }

            if (value is not JsonValue v || !v.TryGetValue(out string? text) || !Formats.Contains(text))
            {
                return JobError.Validation("options.format", "format must be one of text, markdown, json.");
            }

            format = text;
        }

        return null;
    }
}
