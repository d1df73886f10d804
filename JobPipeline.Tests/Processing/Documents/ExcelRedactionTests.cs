using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Office2019.Excel.ThreadedComments;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Tests.Support;
using RedactionRig = JobPipeline.Tests.Processing.Redaction.Redaction;

namespace JobPipeline.Tests.Processing.Documents;

public sealed class ExcelRedactionTests
{
    [Fact]
    public async Task Shared_and_inline_strings_formula_text_and_comments_are_redacted_numbers_and_sheet_names_kept()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Workbook());

        using var document = SpreadsheetDocument.Open(new MemoryStream(output), false);
        WorkbookPart workbook = document.WorkbookPart!;
        Assert.Equal("a@example.com", workbook.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
        var strings = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList();
        Assert.Equal(["Contact", "[EMAIL_ADDRESS_1]", "host [IP_ADDRESS_1] up", "unused mail [EMAIL_ADDRESS_2]"], strings);
        var cells = workbook.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        Assert.Equal("42", cells["B1"].CellValue!.Text);
        Assert.Equal("inline [IP_ADDRESS_2]", cells["A3"].InlineString!.InnerText);
        Assert.Equal("ip [IP_ADDRESS_3]", cells["C3"].CellValue!.Text);
        Assert.Equal("\"ip \"&\"[IP_ADDRESS_3]\"", cells["C3"].CellFormula!.Text);
        Assert.Equal("check [EMAIL_ADDRESS_3]", workbook.WorksheetParts.Single().WorksheetCommentsPart!.Comments.CommentList!.InnerText);
        Run bold = workbook.SharedStringTablePart.SharedStringTable.Elements<SharedStringItem>().ElementAt(2).Elements<Run>().First();
        Assert.Equal("host [IP_ADDRESS_1]", bold.Text!.Text);
        Assert.NotNull(bold.RunProperties!.GetFirstChild<Bold>());
    }

    [Fact]
    public async Task The_output_is_as_valid_to_the_Open_XML_schema_as_the_input()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Workbook());

        using var before = SpreadsheetDocument.Open(new MemoryStream(SampleDocuments.Workbook()), false);
        using var after = SpreadsheetDocument.Open(new MemoryStream(output), false);
        var validator = new DocumentFormat.OpenXml.Validation.OpenXmlValidator();
        Assert.Equal(validator.Validate(before).Count(), validator.Validate(after).Count());
    }

    [Fact]
    public async Task Findings_name_the_sheet_and_every_cell_that_shows_a_redacted_shared_string()
    {
        (byte[] _, JsonObject? result, JobProcessorOutcome? outcome) = await RunAsync(SampleDocuments.Workbook());

        var places = result["findings"]!.AsArray().Select(f => ((string?)f!["sheet"], (string?)f["cell"], (string)f["entity_type"]!)).ToList();
        Assert.Contains(("a@example.com", "A2", "EMAIL_ADDRESS"), places);
        Assert.Contains(("a@example.com", "B3", "EMAIL_ADDRESS"), places);
        Assert.Contains(("a@example.com", "B2", "IP_ADDRESS"), places);
        Assert.Contains(("a@example.com", "A3", "IP_ADDRESS"), places);
        Assert.Contains(("a@example.com", "C3", "IP_ADDRESS"), places);
        Assert.Contains(result["findings"]!.AsArray(), f => (string?)f!["part"] == "xl/sharedStrings.xml" && f["cell"] is null);
        Assert.Equal("xlsx", (string)outcome.Summary!["file_type"]!);
    }

    [Fact]
    public async Task Nothing_of_a_redacted_value_remains_anywhere_in_the_package_but_the_sheet_name()
    {
        (byte[]? output, JsonObject _, JobProcessorOutcome _) = await RunAsync(SampleDocuments.Workbook());

        string everything = SampleDocuments.AllText(output).Replace("name=\"a@example.com\"", "", StringComparison.Ordinal);
        foreach (string value in new[] { "jane@example.com", "10.0.0.7", "172.16.0.4", "10.9.8.7", "bob@example.com", "zed@example.org" })
        {
            Assert.DoesNotContain(value, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Comment_authors_and_the_people_of_threaded_comments_are_redacted_and_the_thumbnail_goes()
    {
        byte[] input = SampleDocuments.ReviewedWorkbook();

        (byte[]? output, JsonObject? result, JobProcessorOutcome _) = await RunAsync(input, new JsonObject { ["entities"] = new JsonArray("PERSON", "EMAIL_ADDRESS") });

        string everything = SampleDocuments.AllText(output);
        foreach (string value in new[] { "jroe", "John Smith", "john.smith@contoso.com", "thumbnail" })
        {
            Assert.DoesNotContain(value, everything, StringComparison.Ordinal);
        }

        using var document = SpreadsheetDocument.Open(new MemoryStream(output), false);
        WorksheetPart sheet = document.WorkbookPart!.WorksheetParts.Single();
        Comments comments = sheet.WorksheetCommentsPart!.Comments;
        var authors = comments.Authors!.Elements<Author>().Select(a => a.Text).ToList();
        Assert.Matches(@"^\[PERSON_\d+\]$", authors[0]);
        Assert.Equal("tc={0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}", authors[1]);
        var first = comments.CommentList!.Elements<Comment>().First().CommentText!.Elements<Run>().ToList();
        Assert.Equal(authors[0] + ":", first[0].Text!.Text);
        Assert.NotNull(first[0].RunProperties!.GetFirstChild<Bold>());
        Person person = document.WorkbookPart.WorkbookPersonParts.Single().PersonList.Elements<DocumentFormat.OpenXml.Office2019.Excel.ThreadedComments.Person>().Single();
        Assert.Matches(@"^\[PERSON_\d+\]$", person.DisplayName!.Value!);
        Assert.Matches(@"^\[PERSON_\d+\]$", person.UserId!.Value!);
        Assert.Equal("AD", person.ProviderId!.Value);
        Assert.Null(document.ThumbnailPart);
        using var before = SpreadsheetDocument.Open(new MemoryStream(input), false);
        var validator = new DocumentFormat.OpenXml.Validation.OpenXmlValidator();
        Assert.Equal(
            string.Join("\n", validator.Validate(before).Select(e => $"{e.Path?.XPath}: {e.Description}")),
            string.Join("\n", validator.Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}")));

        var places = result["findings"]!.AsArray().Select(f => ((string?)f!["sheet"], (string?)f["cell"], (string?)f["property"], (string)f["entity_type"]!)).ToList();
        Assert.Contains(("Review", null, "author", "PERSON"), places);
        Assert.Contains(("Review", "A1", "author", "PERSON"), places);
        Assert.Contains((null, null, "displayName", "PERSON"), places);
        Assert.Contains((null, null, "userId", "PERSON"), places);
    }

    [Fact]
    public async Task A_Word_document_sent_as_a_workbook_fails_as_unreadable()
    {
        JobExecution execution = ProcessorHarness.Document("redact", SampleDocuments.Letter(), SampleDocuments.Xlsx);

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => RedactionRig.Processor().ProcessAsync(execution));

        Assert.Equal(ErrorCodes.DocumentUnreadable, failure.Error.Code);
    }

    [Fact]
    public async Task Limits_on_expansion_are_configurable_and_enforced()
    {
        JobExecution execution = ProcessorHarness.Document("redact", SampleDocuments.Workbook(), SampleDocuments.Xlsx);
        var processor = new JobPipeline.Processing.Redaction.RedactProcessor(
            Microsoft.Extensions.Options.Options.Create(RedactionRig.Settings),
            documents: Microsoft.Extensions.Options.Options.Create(new JobPipeline.Processing.Documents.DocumentOptions { MaxUncompressedBytes = 2048 }));

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => processor.ProcessAsync(execution));

        Assert.Equal(ErrorCodes.DocumentTooLarge, failure.Error.Code);
        Assert.Equal("max_uncompressed_bytes", (string)failure.Error.Details!["limit"]!);
    }

    private static async Task<(byte[] Output, JsonObject Result, JobProcessorOutcome Outcome)> RunAsync(byte[] xlsx, JsonObject? options = null)
    {
        JobExecution execution = ProcessorHarness.Document("redact", xlsx, SampleDocuments.Xlsx, options);

        JobProcessorOutcome outcome = await RedactionRig.Processor().ProcessAsync(execution);

        Assert.Equal(SampleDocuments.Xlsx, execution.Sink().DocumentContentType);
        return (execution.Sink().DocumentBytes!, execution.Sink().Json!.AsObject(), outcome);
    }
}
