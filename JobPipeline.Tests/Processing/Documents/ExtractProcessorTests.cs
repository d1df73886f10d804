using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Processing.Documents;
using JobPipeline.Processing.Extract;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Processing.Documents;

public sealed class ExtractProcessorTests
{
    [Fact]
    public async Task Word_to_markdown_keeps_headings_paragraphs_tables_and_pages()
    {
        (string? text, JobProcessorOutcome? outcome) = await RunAsync(SampleDocuments.Report(), SampleDocuments.Docx, "markdown");

        Assert.Equal(
            "<!-- page 1 -->\n\n# Quarterly report\n\nSales grew.\n\n| Region | Sales |\n| --- | --- |\n| North | 12 |\n\n---\n\n<!-- page 2 -->\n\n## Appendix\n\nMethod notes.\n\n",
            text);
        Assert.Equal(2, (int)outcome.Summary!["page_count"]!);
        Assert.Equal("docx", (string)outcome.Summary["file_type"]!);
    }

    [Fact]
    public async Task Word_to_json_gives_pages_of_typed_blocks_with_table_rows_and_cells()
    {
        (string? text, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Report(), SampleDocuments.Docx, "json");

        JsonNode json = JsonNode.Parse(text)!;
        Assert.Equal(2, (int)json["page_count"]!);
        JsonArray blocks = json["pages"]![0]!["blocks"]!.AsArray();
        Assert.Equal("heading", (string)blocks[0]!["type"]!);
        Assert.Equal(1, (int)blocks[0]!["level"]!);
        Assert.Equal("table", (string)blocks[2]!["type"]!);
        Assert.Equal("12", (string)blocks[2]!["rows"]![1]![1]!);
        Assert.Equal(2, (int)json["pages"]![1]!["number"]!);
    }

    [Fact]
    public async Task A_workbook_gives_a_page_per_sheet_with_its_rows_in_their_columns()
    {
        (string? text, JobProcessorOutcome? outcome) = await RunAsync(SampleDocuments.Workbook(), SampleDocuments.Xlsx, "json");

        JsonNode page = JsonNode.Parse(text)!["pages"]![0]!;
        Assert.Equal("a@example.com", (string)page["name"]!);
        JsonArray rows = page["blocks"]![0]!["rows"]!.AsArray();
        Assert.Equal(["Contact", "42"], rows[0]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["jane@example.com", "host 10.0.0.7 up"], rows[1]!.AsArray().Select(c => (string)c!));
        Assert.Equal("inline 172.16.0.4", (string)rows[2]![0]!);
        Assert.Equal(1, (int)outcome.Summary!["page_count"]!);
    }

    [Fact]
    public async Task A_PDF_gives_its_text_page_by_page()
    {
        (string? text, JobProcessorOutcome? outcome) = await RunAsync(SamplePdfs.Letter(), "application/pdf", "text");

        string[] pages = text.Split('\f');
        Assert.Equal(3, pages.Length);
        Assert.StartsWith("Mail jane@example.com today, thanks\n", pages[0], StringComparison.Ordinal);
        Assert.Equal("Nothing personal on this page.\n", pages[1]);
        Assert.Equal(3, (int)outcome.Summary!["page_count"]!);
    }

    [Fact]
    public async Task HTML_keeps_headings_paragraphs_and_tables_and_drops_scripts()
    {
        const string html = """
            <html><head><title>t</title><script>alert('x')</script></head><body>
            <h1>Menu</h1><p>Soup of the
            day, <b>hot</b>.<br>Ask us.</p>
            <div>Loose <span>text</span><table><tr><th>Dish</th><th>Price</th></tr><tr><td>Soup</td><td>4</td></tr></table></div>
            <style>p{}</style></body></html>
            """;

        (string? text, JobProcessorOutcome _) = await RunAsync(System.Text.Encoding.UTF8.GetBytes(html), "text/html", "markdown");

        Assert.Equal("<!-- page 1 -->\n\n# Menu\n\nSoup of the day, hot.\nAsk us.\n\nLoose text\n\n| Dish | Price |\n| --- | --- |\n| Soup | 4 |\n\n", text);
    }

    [Fact]
    public async Task Plain_text_paragraphs_are_separated_by_blank_lines()
    {
        (string? text, JobProcessorOutcome? outcome) = await RunAsync("one\ntwo\n\n\nthree\n"u8.ToArray(), "text/plain", "json");

        JsonArray blocks = JsonNode.Parse(text)!["pages"]![0]!["blocks"]!.AsArray();
        Assert.Equal(["one\ntwo", "three"], blocks.Select(b => (string)b!["text"]!));
        Assert.Equal("txt", (string)outcome.Summary!["file_type"]!);
    }

    [Theory]
    [InlineData("{\"format\": \"pdf\"}", "options.format")]
    [InlineData("{\"pages\": 2}", "options.pages")]
    public void Bad_options_are_refused_at_submit_naming_the_field(string options, string field)
    {
        JobError? error = Processor().Validate(new JobRequest("extract", null, "text/plain", JsonNode.Parse(options)!.AsObject()));

        Assert.Equal(ErrorCodes.ValidationFailed, error!.Code);
        Assert.Equal(field, (string)error.Details!["field"]!);
    }

    [Fact]
    public void The_envelope_and_unsupported_media_types_are_refused()
    {
        Assert.Equal(ErrorCodes.ValidationFailed, Processor().Validate(new JobRequest("extract", System.Text.Json.JsonDocument.Parse("{}").RootElement, null, []))!.Code);
        Assert.Equal(ErrorCodes.UnsupportedMediaType, Processor().Validate(new JobRequest("extract", null, "image/png", []))!.Code);
    }

    [Fact]
    public async Task A_damaged_document_fails_with_a_clear_code()
    {
        JobExecution execution = ProcessorHarness.Document("extract", SampleDocuments.Letter()[..500], SampleDocuments.Docx);

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => Processor().ProcessAsync(execution));

        Assert.Equal(ErrorCodes.DocumentUnreadable, failure.Error.Code);
    }

    private static ExtractProcessor Processor() => new(Options.Create(new DocumentOptions()));

    private static async Task<(string Text, JobProcessorOutcome Outcome)> RunAsync(byte[] document, string contentType, string format)
    {
        JobExecution execution = ProcessorHarness.Document("extract", document, contentType, new JsonObject { ["format"] = format });
        Assert.Null(Processor().Validate(new JobRequest("extract", null, contentType, execution.Options)));

        JobProcessorOutcome outcome = await Processor().ProcessAsync(execution);

        Assert.Equal(format == "json" ? ResultForm.Json : ResultForm.Text, execution.Sink().Form);
        return (execution.Sink().Text, outcome);
    }
}
