using System.IO.Compression;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Tests.Support;
using RedactionRig = JobPipeline.Tests.Processing.Redaction.Redaction;

namespace JobPipeline.Tests.Processing.Documents;

/// <summary>
/// Every part of a redacted DOCX or XLSX is redacted, known to hold no text, dropped, or the job fails with
/// <c>UNSUPPORTED_DOCUMENT</c>: no part passes through with a value in it.
/// </summary>
public sealed class PackagePartTests
{
    [Fact]
    public async Task A_charts_caches_and_title_a_text_box_alternative_text_table_columns_and_filters_are_redacted_and_numbers_kept()
    {
        byte[] input = SamplePackages.ChartedWorkbook();

        (byte[]? output, JsonObject? result) = await RunAsync(input, SampleDocuments.Xlsx);

        AssertNowhere(output, SamplePackages.ChartValues);
        using var document = SpreadsheetDocument.Open(new MemoryStream(output), false);
        ChartPart chart = document.WorkbookPart!.WorksheetParts.Single().DrawingsPart!.ChartParts.Single();
        string xml = chart.ChartSpace.OuterXml;
        Assert.Contains("<c:v>[EMAIL_ADDRESS_1]</c:v>", xml, StringComparison.Ordinal);
        Assert.Contains("<c:v>host [IP_ADDRESS_1]</c:v>", xml, StringComparison.Ordinal);
        Assert.Contains("<c:v>2.5</c:v>", xml, StringComparison.Ordinal);
        Assert.Matches(@"<a:t>Owner \[EMAIL_ADDRESS_\d+\]</a:t>", xml);
        string chartEntry = chart.Uri.OriginalString.TrimStart('/');
        Assert.Contains(result["findings"]!.AsArray(), f => (string?)f!["part"] == chartEntry);
        AssertNoNewErrors(input, document);
    }

    [Fact]
    public async Task The_revision_log_user_names_and_custom_XML_of_a_shared_workbook_are_dropped_and_its_user_and_defined_names_redacted()
    {
        byte[] input = SamplePackages.SharedWorkbook();

        (byte[]? output, JsonObject _) = await RunAsync(input, SampleDocuments.Xlsx);

        AssertNowhere(output, ["ruth@example.com", "Ruth Miller", "xl/revisions", "customXml", "userNames", "usernames"]);
        using var document = SpreadsheetDocument.Open(new MemoryStream(output), false);
        Assert.Null(document.WorkbookPart!.WorkbookRevisionHeaderPart);
        Assert.Null(document.WorkbookPart.WorkbookUserDataPart);
        Assert.Empty(document.WorkbookPart.CustomXmlParts);
        Assert.Matches(@"^\[PERSON_\d+\]$", document.WorkbookPart.Workbook.FileSharing!.UserName!.Value!);
        Assert.Matches(@"^""mail \[EMAIL_ADDRESS_\d+\]""$", document.WorkbookPart.Workbook.DefinedNames!.Elements<DocumentFormat.OpenXml.Spreadsheet.DefinedName>().Single().Text);
        AssertNoNewErrors(input, document);
    }

    [Fact]
    public async Task A_part_that_no_relationship_reaches_is_dropped()
    {
        byte[] input = SamplePackages.WithStrayEntry(SampleDocuments.Workbook(), "xl/stray.xml", "<x>stray ruth@example.com</x>");

        (byte[]? output, JsonObject _) = await RunAsync(input, SampleDocuments.Xlsx);

        AssertNowhere(output, ["ruth@example.com"]);
        using var archive = new ZipArchive(new MemoryStream(output));
        Assert.Null(archive.GetEntry("xl/stray.xml"));
    }

    [Fact]
    public async Task A_Word_charts_caches_the_glossary_and_document_variables_are_redacted_and_the_charts_embedded_data_workbook_dropped()
    {
        byte[] input = SamplePackages.ChartedLetter();

        (byte[]? output, JsonObject? result) = await RunAsync(input, SampleDocuments.Docx);

        AssertNowhere(output, [.. SamplePackages.ChartValues.Take(4), "sam@example.com", "kim@example.com", "lee@example.com", "gus@example.com", "embeddings", "externalData"]);
        using var document = WordprocessingDocument.Open(new MemoryStream(output), false);
        ChartPart chart = document.MainDocumentPart!.ChartParts.Single();
        Assert.Null(chart.EmbeddedPackagePart);
        Assert.Contains("<c:v>host [IP_ADDRESS_", chart.ChartSpace.OuterXml, StringComparison.Ordinal);
        Assert.Matches(@"^Signed \[EMAIL_ADDRESS_\d+\]$", document.MainDocumentPart.GlossaryDocumentPart!.GlossaryDocument.InnerText);
        Assert.Empty(document.MainDocumentPart.CustomXmlParts);
        Assert.Matches(@"^\[EMAIL_ADDRESS_\d+\]$", document.MainDocumentPart.DocumentSettingsPart!.Settings.Descendants<DocumentFormat.OpenXml.Wordprocessing.DocumentVariable>().Single().Val!.Value!);
        Assert.Contains(result["findings"]!.AsArray(), f => ((string?)f!["part"])?.StartsWith("word/glossary/", StringComparison.Ordinal) == true);
        AssertNoNewErrors(input, document);
    }

    public static TheoryData<string, string> Unsupported => new()
    {
        { "embedded package", "embedded document or workbook" },
        { "OLE object", "embedded OLE object" },
        { "pivot table", "pivot table" },
        { "external link", "external workbook" },
        { "VBA project", "VBA macro project" },
        { "query table", "query table" },
        { "unknown part", "does not redact" },
        { "alt chunk", "w:altChunk" },
        { "Word OLE object", "embedded OLE object" },
        { "Word unknown part", "does not redact" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task A_part_that_cannot_be_redacted_fails_the_job_naming_the_feature(string feature, string named)
    {
        (byte[] input, string contentType) = Build(feature);
        JobExecution execution = ProcessorHarness.Document("redact", input, contentType);

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => RedactionRig.Processor().ProcessAsync(execution));

        Assert.Equal(ErrorCodes.UnsupportedDocument, failure.Error.Code);
        Assert.Contains(named, failure.Error.Message, StringComparison.Ordinal);
        Assert.Empty(execution.Sink().DocumentBytes ?? []);
    }

    /// <summary>A workbook or letter with the part of <paramref name="feature"/>, holding "ruth@example.com".</summary>
    internal static (byte[] Package, string ContentType) Build(string feature) => feature switch
    {
        "embedded package" => (SamplePackages.Workbook(w => FeedBytes(w.WorksheetParts.Single().AddEmbeddedPackagePart(EmbeddedPackagePartType.Xlsx), SampleDocuments.Workbook())), SampleDocuments.Xlsx),
        "OLE object" => (SamplePackages.Workbook(w => FeedBytes(w.WorksheetParts.Single().AddEmbeddedObjectPart("application/vnd.openxmlformats-officedocument.oleObject"), "ruth@example.com"u8.ToArray())), SampleDocuments.Xlsx),
        "pivot table" => (SamplePackages.Workbook(w =>
        {
            PivotTableCacheDefinitionPart definition = w.AddNewPart<PivotTableCacheDefinitionPart>();
            SamplePackages.Feed(definition, """<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cacheFields count="1"><cacheField name="Contact"><sharedItems><s v="ruth@example.com"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>""");
        }), SampleDocuments.Xlsx),
        "external link" => (SamplePackages.Workbook(w => SamplePackages.Feed(w.AddNewPart<ExternalWorkbookPart>(), """<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>ruth@example.com</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>""")), SampleDocuments.Xlsx),
        "VBA project" => (SamplePackages.Workbook(w => FeedBytes(w.AddNewPart<VbaProjectPart>(), "ruth@example.com"u8.ToArray())), SampleDocuments.Xlsx),
        "query table" => (SamplePackages.Workbook(w => SamplePackages.Feed(w.WorksheetParts.Single().AddNewPart<QueryTablePart>(), """<queryTable xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" name="ruth@example.com" connectionId="1"/>""")), SampleDocuments.Xlsx),
        "unknown part" => (SamplePackages.Workbook(w => SamplePackages.Feed(w.AddExtendedPart("http://example.com/relationships/notes", "application/x-notes+xml", "xml"), "<n>ruth@example.com</n>")), SampleDocuments.Xlsx),
        "alt chunk" => (SamplePackages.Letter(m =>
        {
            AlternativeFormatImportPart chunk = m.AddAlternativeFormatImportPart(AlternativeFormatImportPartType.Html);
            FeedBytes(chunk, "<html><body>ruth@example.com</body></html>"u8.ToArray());
            m.Document.Body!.InsertAt(new DocumentFormat.OpenXml.Wordprocessing.AltChunk { Id = m.GetIdOfPart(chunk) }, 0);
            m.Document.Save();
        }), SampleDocuments.Docx),
        "Word OLE object" => (SamplePackages.Letter(m => FeedBytes(m.AddEmbeddedObjectPart("application/vnd.openxmlformats-officedocument.oleObject"), "ruth@example.com"u8.ToArray())), SampleDocuments.Docx),
        "Word unknown part" => (SamplePackages.Letter(m => SamplePackages.Feed(m.AddExtendedPart("http://example.com/relationships/notes", "application/x-notes+xml", "xml"), "<n>ruth@example.com</n>")), SampleDocuments.Docx),
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    private static void FeedBytes(OpenXmlPart part, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        part.FeedData(stream);
    }

    private static void AssertNowhere(byte[] output, IEnumerable<string> values)
    {
        string everything = SampleDocuments.AllText(output);
        foreach (string value in values)
        {
            Assert.DoesNotContain(value, everything, StringComparison.Ordinal);
        }
    }

    // The output has no validation error the input did not have (a dropped part takes its own errors with it).
    private static void AssertNoNewErrors(byte[] input, OpenXmlPackage after)
    {
        using var stream = new MemoryStream(input);
        using OpenXmlPackage before = after is SpreadsheetDocument ? SpreadsheetDocument.Open(stream, false) : WordprocessingDocument.Open(stream, false);
        var validator = new OpenXmlValidator();
        var known = validator.Validate(before).Select(e => $"{e.Part?.Uri}: {e.Path?.XPath}: {e.Description}").ToHashSet();
        List<string> added = [.. validator.Validate(after).Select(e => $"{e.Part?.Uri}: {e.Path?.XPath}: {e.Description}").Where(e => !known.Contains(e))];
        Assert.Equal([], added);
    }

    private static async Task<(byte[] Output, JsonObject Result)> RunAsync(byte[] input, string contentType)
    {
        JobExecution execution = ProcessorHarness.Document("redact", input, contentType);

        await RedactionRig.Processor().ProcessAsync(execution);

        return (execution.Sink().DocumentBytes!, execution.Sink().Json!.AsObject());
    }
}
