using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Tests.Support;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using UglyToad.PdfPig.Content;
using RedactionRig = JobPipeline.Tests.Processing.Redaction.Redaction;

namespace JobPipeline.Tests.Processing.Documents;

public sealed class PdfRedactionTests
{
    [Fact]
    public async Task Redacted_values_are_gone_from_the_extracted_text_and_the_rest_remains()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SamplePdfs.Letter());

        using var document = UglyToad.PdfPig.PdfDocument.Open(output);
        string all = string.Join("\n", document.GetPages().Select(p => p.Text));
        foreach (string value in new[] { "jane", "example.com", "10.0.0.1", "4111", "1111" })
        {
            Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        }

        Assert.StartsWith("Mail ", document.GetPage(1).Text, StringComparison.Ordinal);
        Assert.Contains("today, thanks", document.GetPage(1).Text, StringComparison.Ordinal);
        Assert.Contains(" is up", document.GetPage(1).Text, StringComparison.Ordinal);
        Assert.Equal("Nothing personal on this page.", document.GetPage(2).Text);
        Assert.Contains("Invoice", document.GetPage(3).Text, StringComparison.Ordinal);
        Assert.Contains("paid", document.GetPage(3).Text, StringComparison.Ordinal);
        Assert.Equal(3, document.NumberOfPages);
    }

    [Fact]
    public async Task An_embedded_TrueType_font_with_two_byte_glyph_ids_is_redacted_too()
    {
        Assert.True(File.Exists(SystemFontResolver.Path), $"The test font {SystemFontResolver.Path} is missing (apt-get install fonts-dejavu-core).");
        byte[] input = SamplePdfs.TrueTypeLetter();

        (byte[]? output, JsonObject _, JobProcessorOutcome? outcome) = await RunAsync(input);

        using var document = UglyToad.PdfPig.PdfDocument.Open(output);
        string text = document.GetPage(1).Text;
        Assert.DoesNotContain("ann.lee", text, StringComparison.Ordinal);
        Assert.DoesNotContain("192.168", text, StringComparison.Ordinal);
        Assert.Contains("Dear Ann, write to", text, StringComparison.Ordinal);
        Assert.Contains("or call.", text, StringComparison.Ordinal);
        Assert.Contains("Grüße aus Köln, server", text, StringComparison.Ordinal);
        Assert.Equal(2, (int)outcome.Summary!["entity_count"]!);
    }

    [Fact]
    public async Task The_text_after_a_removed_value_stays_where_it_was()
    {
        await AssertKeptInPlaceAsync(SamplePdfs.Letter());
        await AssertKeptInPlaceAsync(SamplePdfs.TrueTypeLetter());
    }

    private static async Task AssertKeptInPlaceAsync(byte[] input)
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(input);

        using var before = UglyToad.PdfPig.PdfDocument.Open(input);
        using var after = UglyToad.PdfPig.PdfDocument.Open(output);
        for (int page = 1; page <= before.NumberOfPages; page++)
        {
            IReadOnlyList<Letter> kept = after.GetPage(page).Letters;
            IReadOnlyList<Letter> original = before.GetPage(page).Letters;
            foreach (Letter letter in kept)
            {
                Assert.Contains(original, o => o.Value == letter.Value
                    && Math.Abs(o.StartBaseLine.X - letter.StartBaseLine.X) < 0.01 && Math.Abs(o.StartBaseLine.Y - letter.StartBaseLine.Y) < 0.01);
            }
        }
    }

    [Fact]
    public async Task A_box_is_drawn_on_each_line_where_values_were_removed_and_not_elsewhere()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SamplePdfs.Letter());

        PdfDocument document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(output), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        int Boxes(int page) => ContentReader.ReadContent(document.Pages[page]).OfType<COperator>().Count(o => o.OpCode.Name == "re");
        Assert.Equal(2, Boxes(0));
        Assert.Equal(0, Boxes(1));
        Assert.Equal(1, Boxes(2));
    }

    [Fact]
    public async Task Findings_name_the_page_and_the_summary_counts_them()
    {
        (byte[] _, JsonObject? result, JobProcessorOutcome? outcome) = await RunAsync(SamplePdfs.Letter(), new JsonObject { ["return_map"] = true });

        var findings = result["findings"]!.AsArray().Select(f => ((int)f!["page"]!, (string)f["entity_type"]!)).ToList();
        Assert.Equal([(1, "EMAIL_ADDRESS"), (1, "PERSON"), (1, "IP_ADDRESS"), (3, "CREDIT_CARD")], findings); // "Dear Ann"
        Assert.Equal("jane@example.com", (string)result["de_anonymization_map"]!["[EMAIL_ADDRESS_1]"]!);
        Assert.Equal("pdf", (string)outcome.Summary!["file_type"]!);
        Assert.Equal(4, (int)outcome.Summary["entity_count"]!);
    }

    [Fact]
    public async Task Progress_moves_per_page_and_ends_at_100()
    {
        var reports = new List<int>();
        JobExecution execution = WordRedactionTests.WithProgress(ProcessorHarness.Document("redact", SamplePdfs.Letter(), "application/pdf"), reports.Add);

        await RedactionRig.Processor().ProcessAsync(execution);

        Assert.True(reports.Count >= 4);
        Assert.Equal(100, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);
    }

    [Fact]
    public async Task Text_drawn_by_a_form_XObject_is_removed_too()
    {
        (byte[]? output, JsonObject? result, JobProcessorOutcome _) = await RunAsync(SamplePdfs.TextInForm());

        using var document = UglyToad.PdfPig.PdfDocument.Open(output);
        Assert.Equal("HeaderWrite to ", document.GetPage(1).Text);
        Assert.Equal(1, (int)result["findings"]![0]!["page"]!);
    }

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task A_bad_PDF_fails_the_job_with_a_clear_code(string name, byte[] bytes, string code)
    {
        _ = name;
        JobExecution execution = ProcessorHarness.Document("redact", bytes, "application/pdf");

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => RedactionRig.Processor().ProcessAsync(execution));

        Assert.Equal(code, failure.Error.Code);
        Assert.False(failure.Error.Retryable);
    }

    public static TheoryData<string, byte[], string> BadDocuments() => new()
    {
        { "not a PDF", "hello, world"u8.ToArray(), ErrorCodes.DocumentUnreadable },
        { "a header and garbage", "%PDF-1.7\n%garbage without objects"u8.ToArray(), ErrorCodes.DocumentUnreadable },
        { "a password-protected PDF", SamplePdfs.Encrypted(), ErrorCodes.DocumentEncrypted },
    };

    private static async Task<(byte[] Output, JsonObject Result, JobProcessorOutcome Outcome)> RunAsync(byte[] pdf, JsonObject? options = null)
    {
        // These tests are about the document, not about detection: they ask for the entity types their samples were
        // written for, so that a new detector (names, dates) does not move their expectations.
        options ??= new JsonObject { ["entities"] = new JsonArray("EMAIL_ADDRESS", "IP_ADDRESS", "CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE", "US_SSN", "URL") };
        JobExecution execution = ProcessorHarness.Document("redact", pdf, "application/pdf", options);

        JobProcessorOutcome outcome = await RedactionRig.Processor().ProcessAsync(execution);

        Assert.Equal("application/pdf", execution.Sink().DocumentContentType);
        return (execution.Sink().DocumentBytes!, execution.Sink().Json!.AsObject(), outcome);
    }
}
