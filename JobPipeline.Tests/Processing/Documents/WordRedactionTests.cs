using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Office2013.Word;
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
    public async Task The_people_who_commented_or_tracked_changes_get_one_pseudonym_each_everywhere_and_the_thumbnail_goes()
    {
        byte[] input = SampleDocuments.Reviewed();

        (byte[]? output, JsonObject? result, JobProcessorOutcome _) = await RunAsync(input, new JsonObject { ["entities"] = new JsonArray("PERSON", "EMAIL_ADDRESS") });

        string everything = SampleDocuments.AllText(output);
        foreach (string value in new[] { "Jane Roe", "John Smith", "Maria Garcia", "jane.roe@contoso.com", "\"JR\"", "thumbnail" })
        {
            Assert.DoesNotContain(value, everything, StringComparison.Ordinal);
        }

        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        MainDocumentPart main = document.MainDocumentPart!;
        Comment comment = main.WordprocessingCommentsPart!.Comments.Elements<Comment>().Single();
        Assert.Matches(Pseudonym, comment.Author!.Value!);
        Assert.Null(comment.Initials);
        Person person = main.WordprocessingPeoplePart!.People.Elements<DocumentFormat.OpenXml.Office2013.Word.Person>().Single();
        Assert.Equal(comment.Author.Value, person.Author!.Value);
        Assert.Matches(Pseudonym, person.PresenceInfo!.UserId!.Value!);
        Assert.Equal(comment.Author.Value, main.Document.Body!.Descendants<DeletedRun>().Single().Author!.Value);
        string inserter = main.Document.Body.Descendants<InsertedRun>().Single().Author!.Value!;
        Assert.Matches(Pseudonym, inserter);
        Assert.NotEqual(comment.Author.Value, inserter);
        Assert.Equal(inserter, main.Document.Body.Descendants<Inserted>().Single().Author!.Value);
        Assert.Matches(Pseudonym, main.HeaderParts.Single().Header.Descendants<RunPropertiesChange>().Single().Author!.Value!);
        Assert.Null(document.ThumbnailPart);
        using var before = WordprocessingDocument.Open(new MemoryStream(input), false);
        var validator = new DocumentFormat.OpenXml.Validation.OpenXmlValidator();
        Assert.Equal(
            string.Join("\n", validator.Validate(before).Select(e => $"{e.Path?.XPath}: {e.Description}")),
            string.Join("\n", validator.Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}")));

        JsonArray findings = result["findings"]!.AsArray();
        static bool Author(JsonNode? f, OpenXmlPart part) =>
            (string?)f!["part"] == part.Uri.OriginalString.TrimStart('/') && (string?)f["property"] == "author" && (string)f["entity_type"]! == "PERSON";
        Assert.Contains(findings, f => Author(f, main.WordprocessingCommentsPart) && (int)f!["start"]! == 0 && (int)f["end"]! == 8);
        Assert.Contains(findings, f => Author(f, main) && (int?)f!["paragraph"] == 0);
        Assert.Contains(findings, f => Author(f, main) && f!["paragraph"] is null);
        Assert.Contains(findings, f => Author(f, main.HeaderParts.Single()));
        Assert.Contains(findings, f => Author(f, main.WordprocessingPeoplePart));
        Assert.Contains(findings, f => (string?)f!["property"] == "userId");
        Assert.Contains(findings, f => (string?)f!["property"] == "initials" && (int)f["end"]! == 2);
    }

    [Fact]
    public async Task Authors_are_kept_when_the_job_does_not_look_for_PERSON_but_other_values_in_them_are_not_and_the_thumbnail_goes_anyway()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Reviewed(), new JsonObject { ["entities"] = new JsonArray("EMAIL_ADDRESS") });

        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        MainDocumentPart main = document.MainDocumentPart!;
        Assert.Equal("Jane Roe", main.WordprocessingCommentsPart!.Comments.Elements<Comment>().Single().Author!.Value);
        Person person = main.WordprocessingPeoplePart!.People.Elements<DocumentFormat.OpenXml.Office2013.Word.Person>().Single();
        Assert.Matches(@"^\[EMAIL_ADDRESS_\d+\]$", person.PresenceInfo!.UserId!.Value!);
        Assert.Null(document.ThumbnailPart);
    }

    [Fact]
    public async Task Authors_follow_the_mode_like_any_value()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Reviewed(), new JsonObject { ["mode"] = "mask", ["keep_last"] = 0, ["entities"] = new JsonArray("PERSON") });

        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        MainDocumentPart main = document.MainDocumentPart!;
        Assert.Equal("********", main.WordprocessingCommentsPart!.Comments.Elements<Comment>().Single().Author!.Value);
        Assert.Equal("**********", main.Document.Body!.Descendants<InsertedRun>().Single().Author!.Value);
    }

    [Fact]
    public async Task A_thumbnail_declared_by_a_content_type_override_goes_with_the_override()
    {
        byte[] reviewed = SampleDocuments.Reviewed();
        string thumbnail = ThumbnailUri(reviewed);
        byte[] input = SampleDocuments.Edited(reviewed, "[Content_Types].xml", types =>
            types.Replace("</Types>", $"<Override PartName=\"{thumbnail}\" ContentType=\"image/jpeg\" /></Types>", StringComparison.Ordinal));
        Assert.Contains($"<Override PartName=\"{thumbnail}\"", SampleDocuments.AllText(input), StringComparison.Ordinal);

        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(input);

        Assert.DoesNotContain("thumbnail", SampleDocuments.AllText(output), StringComparison.Ordinal);
        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        Assert.Null(document.ThumbnailPart);
        Assert.NotNull(document.MainDocumentPart!.WordprocessingCommentsPart);
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

    private static string ThumbnailUri(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.ThumbnailPart!.Uri.OriginalString;
    }

    private const string Pseudonym = @"^\[PERSON_\d+\]$";

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
