using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;
using JobPipeline.Tests.Processing.Redaction;
using JobPipeline.Tests.Support;
using RedactionRig = JobPipeline.Tests.Processing.Redaction.Redaction;

namespace JobPipeline.Tests.Processing.Documents;

public sealed class WordRedactionTests
{
    [Fact]
    public async Task A_value_split_across_formatted_runs_is_replaced_in_the_first_run_keeping_its_formatting()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Letter());

        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        var runs = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().First().Elements<Run>().ToList();
        Assert.Equal(4, runs.Count);
        Assert.Equal("[EMAIL_ADDRESS_1]", runs[1].InnerText);
        Assert.NotNull(runs[1].RunProperties!.Bold);
        Assert.Equal("", runs[2].InnerText);
        Assert.NotNull(runs[2].RunProperties!.Italic);
        Assert.Equal("Mail [EMAIL_ADDRESS_1] today, thanks.", string.Concat(runs.Select(r => r.InnerText)));
    }

    [Fact]
    public async Task Tables_headers_footers_comments_footnotes_and_link_targets_are_redacted_too()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Letter());

        string everything = SampleDocuments.AllText(output);
        foreach (string value in new[] { "jane.doe@", "example.com", "hr@example.org", "10.1.2.3", "bob@example.com", "ann@example.net", "192.168.7.9" })
        {
            Assert.DoesNotContain(value, everything, StringComparison.Ordinal);
        }

        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        MainDocumentPart main = document.MainDocumentPart!;
        Assert.Equal("server [IP_ADDRESS_1]", main.Document.Body!.Descendants<TableCell>().Last().InnerText);
        Assert.Equal("Header: [EMAIL_ADDRESS_2]", main.HeaderParts.Single().Header.InnerText);
        Assert.Equal("Footer: call [IP_ADDRESS_2]", main.FooterParts.Single().Footer.InnerText);
        Assert.Equal("Ask [EMAIL_ADDRESS_3]", main.WordprocessingCommentsPart!.Comments.InnerText);
        Assert.Contains("Nothing here.", main.Document.Body.InnerText, StringComparison.Ordinal);
        Assert.Equal(3, main.Document.Body.Elements<Paragraph>().Count());
        Assert.Single(main.Document.Body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>());
    }

    [Fact]
    public async Task The_output_is_as_valid_to_the_Open_XML_schema_as_the_input()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Letter());

        using var before = WordprocessingDocument.Open(new MemoryStream(SampleDocuments.Letter()), false);
        using var after = WordprocessingDocument.Open(new MemoryStream(output), false);
        var validator = new DocumentFormat.OpenXml.Validation.OpenXmlValidator();
        Assert.Equal(validator.Validate(before).Count(), validator.Validate(after).Count());
    }

    [Fact]
    public async Task Findings_name_the_part_and_the_paragraph_and_the_summary_the_file_type()
    {
        (byte[] _, JsonObject? result, JobProcessorOutcome? outcome) = await RunAsync(SampleDocuments.Letter());

        JsonArray findings = result["findings"]!.AsArray();
        JsonNode first = findings.First(f => (string)f!["part"]! == "word/document.xml")!;
        Assert.Equal("EMAIL_ADDRESS", (string)first["entity_type"]!);
        Assert.Equal(0, (int)first["paragraph"]!);
        Assert.Equal(5, (int)first["start"]!);
        Assert.Equal(25, (int)first["end"]!);
        Assert.Contains(findings, f => (string)f!["part"]! == "word/document.xml" && (int)f["paragraph"]! == 2 && (string)f["entity_type"]! == "IP_ADDRESS");
        Assert.Contains(findings, f => ((string)f!["part"]!).StartsWith("word/header", StringComparison.Ordinal));
        Assert.Equal("docx", (string)outcome.Summary!["file_type"]!);
        Assert.Equal("docx", (string)result["file_type"]!);
        Assert.Equal(findings.Count, (int)outcome.Summary["entity_count"]!);
    }

    [Fact]
    public async Task The_map_comes_back_when_asked_and_modes_apply()
    {
        (byte[]? output, JsonObject? result, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Letter(), new JsonObject { ["mode"] = "mask", ["return_map"] = true, ["entities"] = new JsonArray("EMAIL_ADDRESS") });

        Assert.Contains("jane.doe@example.com", result["de_anonymization_map"]!.ToJsonString(), StringComparison.Ordinal);
        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        Assert.Equal("Mail ******************** today, thanks.", document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().First().InnerText);
        Assert.Contains("192.168.7.9", document.MainDocumentPart.Document.Body.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_moves_per_part_and_ends_at_100()
    {
        var reports = new List<int>();
        JobExecution execution = WithProgress(ProcessorHarness.Document("redact", SampleDocuments.Letter(), SampleDocuments.Docx), reports.Add);

        await RedactionRig.Processor().ProcessAsync(execution);

        Assert.True(reports.Count > 3);
        Assert.Equal(100, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);
    }

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task A_bad_document_fails_the_job_with_a_clear_code(string name, byte[] bytes, string code)
    {
        _ = name;
        JobExecution execution = ProcessorHarness.Document("redact", bytes, SampleDocuments.Docx);

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => RedactionRig.Processor().ProcessAsync(execution));

        Assert.Equal(code, failure.Error.Code);
        Assert.False(failure.Error.Retryable);
        Assert.Equal("docx", (string)failure.Error.Details!["file_type"]!);
    }

    public static TheoryData<string, byte[], string> BadDocuments() => new()
    {
        { "random bytes", [1, 2, 3, 4, 5, 6, 7, 8, 9], ErrorCodes.DocumentUnreadable },
        { "a truncated package", SampleDocuments.Letter()[..400], ErrorCodes.DocumentUnreadable },
        { "a workbook sent as a Word document", SampleDocuments.Workbook(), ErrorCodes.DocumentUnreadable },
        { "a password-protected package", SampleDocuments.EncryptedOffice(), ErrorCodes.DocumentEncrypted },
        { "a zip bomb", SampleDocuments.ZipBomb(), ErrorCodes.DocumentTooLarge },
    };

    private static async Task<(byte[] Output, JsonObject Result, JobProcessorOutcome Outcome)> RunAsync(byte[] docx, JsonObject? options = null)
    {
        // These tests are about the document, not about detection: they ask for the entity types their samples were
        // written for, so that a new detector (names, dates) does not move their expectations.
        options ??= new JsonObject { ["entities"] = new JsonArray("EMAIL_ADDRESS", "IP_ADDRESS", "CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE", "US_SSN", "URL") };
        JobExecution execution = ProcessorHarness.Document("redact", docx, SampleDocuments.Docx, options);
        RedactProcessor processor = RedactionRig.Processor();
        Assert.Null(processor.Validate(new JobRequest("redact", null, SampleDocuments.Docx, execution.Options)));

        JobProcessorOutcome outcome = await processor.ProcessAsync(execution);

        Assert.Equal(SampleDocuments.Docx, execution.Sink().DocumentContentType);
        Assert.EndsWith(".redacted.docx", execution.Sink().DocumentFileName, StringComparison.Ordinal);
        return (execution.Sink().DocumentBytes!, execution.Sink().Json!.AsObject(), outcome);
    }

    internal static JobExecution WithProgress(JobExecution execution, Action<int> report) => new()
    {
        Tenant = execution.Tenant, JobId = execution.JobId, Type = execution.Type, Input = execution.Input,
        Options = execution.Options, Result = execution.Result, Progress = new SynchronousProgress(report),
    };

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
