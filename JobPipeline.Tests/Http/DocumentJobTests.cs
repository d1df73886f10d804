using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.ExtendedProperties;
using DocumentFormat.OpenXml.Packaging;
using JobPipeline.Tests.Support;
using UglyToad.PdfPig.Content;

namespace JobPipeline.Tests.Http;

/// <summary>Jobs whose input is a document, end to end: the output document is downloaded as the file it is.</summary>
public sealed class DocumentJobTests : IAsyncLifetime
{
    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_redacted_Word_document_downloads_as_a_Word_attachment_and_the_job_points_to_it()
    {
        HttpClient client = _server.Client();

        string id = await SubmitAsync(client, SampleDocuments.Letter(), SampleDocuments.Docx, "?return_map=true");
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("docx", job["summary"]!["file_type"]!.GetValue<string>());
        JsonObject result = job["result"]!.AsObject();
        Assert.Contains("jane.doe@example.com", result["de_anonymization_map"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(SampleDocuments.Docx, result["document"]!["content_type"]!.GetValue<string>());
        Assert.Empty(await (await ApiSchemas.LoadAsync(client)).ValidateAsync("Job", job.ToJsonString()));
        HttpResponseMessage download = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(SampleDocuments.Docx, download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        byte[] bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(result["document"]!["size_bytes"]!.GetValue<long>(), bytes.Length);
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.StartsWith("Mail [EMAIL_ADDRESS_1] today", document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        Assert.Equal(bytes, await new HttpClient().GetByteArrayAsync(result["document"]!["url"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_properties_of_a_Word_or_Excel_document_are_redacted_and_the_rest_kept(bool word)
    {
        HttpClient client = _server.Client();
        byte[] input = SampleDocuments.WithProperties(word ? SampleDocuments.Letter() : SampleDocuments.Workbook(), word);

        string id = await SubmitAsync(client, input, word ? SampleDocuments.Docx : SampleDocuments.Xlsx);
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        byte[] bytes = await (await client.GetAsync($"/api/jobs/{id}/result")).Content.ReadAsByteArrayAsync();
        string all = SampleDocuments.AllText(bytes);
        foreach (string value in new[] { "Jane Roe", "John Q. Public", "Maria Garcia", "jane@example.com", "10.1.2.3", "owner@example.com" })
        {
            Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        }

        using var stream = new MemoryStream(bytes);
        using OpenXmlPackage document = word ? WordprocessingDocument.Open(stream, false) : SpreadsheetDocument.Open(stream, false);
        Assert.Matches(@"^\[PERSON_\d+\]$", document.PackageProperties.Creator);
        Assert.Matches(@"^\[PERSON_\d+\]$", document.PackageProperties.LastModifiedBy);
        Assert.Matches(@"^Notes for \[EMAIL_ADDRESS_\d+\]$", document.PackageProperties.Title);
        Assert.Matches(@"^call \[IP_ADDRESS_\d+\]$", document.PackageProperties.Description);
        Assert.Equal("Internal", document.PackageProperties.Category);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), document.PackageProperties.Created!.Value.ToUniversalTime());
        Properties extended = document.GetPartsOfType<ExtendedFilePropertiesPart>().Single().Properties;
        Assert.Equal("Test Writer", extended.Application!.Text);
        Assert.Matches(@"^\[PERSON_\d+\]$", extended.Manager!.Text);
        var custom = document.GetPartsOfType<CustomFilePropertiesPart>().Single().Properties.Elements<DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty>().ToList();
        Assert.Matches(@"^\[EMAIL_ADDRESS_\d+\]$", custom.Single(p => p.Name == "Owner mail").VTLPWSTR!.Text);
        Assert.Equal("7", custom.Single(p => p.Name == "Copies").VTInt32!.Text);
        JsonArray findings = job["result"]!["findings"]!.AsArray();
        // The core properties' part is wherever the package's relationships say (System.IO.Packaging names it
        // package/services/metadata/core-properties/….psmdcp, Office docProps/core.xml).
        Assert.Contains(findings, f => f!["part"] is not null && f["property"]?.GetValue<string>() == "creator"
            && f["entity_type"]!.GetValue<string>() == "PERSON" && f["start"]!.GetValue<int>() == 0 && f["end"]!.GetValue<int>() == 8);
        Assert.Contains(findings, f => f!["part"]?.GetValue<string>() == "docProps/custom.xml" && f["property"]?.GetValue<string>() == "Owner mail");
        if (word)
        {
            Assert.StartsWith("Mail [EMAIL_ADDRESS_1] today", ((WordprocessingDocument)document).MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("a@example.com", ((SpreadsheetDocument)document).WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single().Name!.Value);
        }
    }

    [Fact]
    public async Task A_reviewed_Word_document_downloads_without_its_reviewers_names_or_its_thumbnail()
    {
        HttpClient client = _server.Client();

        string id = await SubmitAsync(client, SampleDocuments.Reviewed(), SampleDocuments.Docx);
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        byte[] bytes = await (await client.GetAsync($"/api/jobs/{id}/result")).Content.ReadAsByteArrayAsync();
        string all = SampleDocuments.AllText(bytes);
        foreach (string value in new[] { "Jane Roe", "John Smith", "Maria Garcia", "jane.roe@contoso.com", "thumbnail" })
        {
            Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        }

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Null(document.ThumbnailPart);
        string author = document.MainDocumentPart!.WordprocessingCommentsPart!.Comments.Elements<DocumentFormat.OpenXml.Wordprocessing.Comment>().Single().Author!.Value!;
        Assert.Matches(@"^\[PERSON_\d+\]$", author);
        Assert.Equal(author, document.MainDocumentPart.WordprocessingPeoplePart!.People.Elements<DocumentFormat.OpenXml.Office2013.Word.Person>().Single().Author!.Value);
        Assert.Contains(job["result"]!["findings"]!.AsArray(), f => f!["property"]?.GetValue<string>() == "author" && f["part"]!.GetValue<string>() == "word/comments.xml");
    }

    [Fact]
    public async Task Text_in_nested_and_shared_form_XObjects_of_a_PDF_is_removed_and_the_rest_stays_in_place()
    {
        HttpClient client = _server.Client();
        byte[] input = SamplePdfs.NestedForms();

        string id = await SubmitAsync(client, input, "application/pdf", "?entities=EMAIL_ADDRESS,CREDIT_CARD");
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        HttpResponseMessage download = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        byte[] bytes = await download.Content.ReadAsByteArrayAsync();
        using var before = UglyToad.PdfPig.PdfDocument.Open(input);
        using var after = UglyToad.PdfPig.PdfDocument.Open(bytes);
        string all = string.Join("\n", after.GetPages().Select(p => p.Text));
        Assert.DoesNotContain("jane", all, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", all, StringComparison.Ordinal);
        Assert.StartsWith("HeaderWrite to", after.GetPage(1).Text, StringComparison.Ordinal);
        Assert.EndsWith("ok", after.GetPage(1).Text, StringComparison.Ordinal);
        Assert.StartsWith("Second pageWrite to", after.GetPage(2).Text, StringComparison.Ordinal);
        Assert.Equal("Nothing personal here", after.GetPage(3).Text);
        for (int page = 1; page <= 3; page++)
        {
            IReadOnlyList<Letter> original = before.GetPage(page).Letters;
            foreach (UglyToad.PdfPig.Content.Letter letter in after.GetPage(page).Letters)
            {
                Assert.Contains(original, o => o.Value == letter.Value
                    && Math.Abs(o.StartBaseLine.X - letter.StartBaseLine.X) < 0.01 && Math.Abs(o.StartBaseLine.Y - letter.StartBaseLine.Y) < 0.01);
            }
        }

        var findings = job["result"]!["findings"]!.AsArray().Select(f => (f!["page"]!.GetValue<int>(), f["entity_type"]!.GetValue<string>())).ToList();
        Assert.Equal([(1, "EMAIL_ADDRESS"), (1, "CREDIT_CARD"), (2, "EMAIL_ADDRESS"), (2, "CREDIT_CARD")], findings);
    }

    [Fact]
    public async Task A_PDFs_metadata_annotations_and_form_values_are_redacted_and_its_page_text_kept()
    {
        HttpClient client = _server.Client();

        string id = await SubmitAsync(client, SamplePdfs.WithMetadataAndAnnotations(), "application/pdf", "?entities=EMAIL_ADDRESS,IP_ADDRESS,PERSON");
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        byte[] bytes = await (await client.GetAsync($"/api/jobs/{id}/result")).Content.ReadAsByteArrayAsync();
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.Equal("Minutes of the meeting", document.GetPage(1).Text);
        Assert.Matches(@"^\[PERSON_\d+\]$", document.Information.Author);
        Assert.Matches(@"^Notes for \[EMAIL_ADDRESS_\d+\]$", document.Information.Title);
        Assert.Matches(@"^call \[IP_ADDRESS_\d+\]$", document.Information.Keywords);
        Assert.Equal("Minutes", document.Information.Subject);
        if (document.TryGetXmpMetadata(out XmpMetadata? xmp))
        {
            // The original XMP is gone; PDFsharp writes one of its own from the redacted information dictionary.
            string xml = System.Text.Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray());
            Assert.DoesNotContain("Jane Roe", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("jane@example.com", xml, StringComparison.Ordinal);
            Assert.Contains(document.Information.Author!, xml, StringComparison.Ordinal);
        }
        var annotations = document.GetPage(1).GetAnnotations().ToList();
        Assert.Equal(4, annotations.Count);
        Assert.Matches(@"^Ask \[EMAIL_ADDRESS_\d+\]$", annotations[0].Content);
        Assert.Matches(@"^\[PERSON_\d+\]$", PdfText(annotations[0].AnnotationDictionary, "T"));
        Assert.Matches(@"^Server \[IP_ADDRESS_\d+\]$", annotations[1].Content);
        Assert.False(annotations[1].AnnotationDictionary.Data.ContainsKey("AP"));
        var action = (UglyToad.PdfPig.Tokens.DictionaryToken)annotations[2].AnnotationDictionary.Data["A"];
        Assert.DoesNotContain("ann@example.net", PdfText(action, "URI"), StringComparison.Ordinal);
        Assert.StartsWith("mailto:", PdfText(action, "URI"), StringComparison.Ordinal);
        Assert.Matches(@"^\[EMAIL_ADDRESS_\d+\]$", PdfText(annotations[3].AnnotationDictionary, "V"));
        Assert.Equal("email", PdfText(annotations[3].AnnotationDictionary, "T"));
        Assert.False(annotations[3].AnnotationDictionary.Data.ContainsKey("AP"));
        var places = job["result"]!["findings"]!.AsArray().Select(f => (f!["part"]?.GetValue<string>(), f["property"]?.GetValue<string>())).ToList();
        Assert.Contains(("info", "Author"), places);
        Assert.Contains(("annotation", "Contents"), places);
        Assert.Contains(("form", "email"), places);
    }

    private static string PdfText(UglyToad.PdfPig.Tokens.DictionaryToken dictionary, string key) => dictionary.Data[key] switch
    {
        UglyToad.PdfPig.Tokens.StringToken text => text.Data,
        UglyToad.PdfPig.Tokens.HexToken hex => hex.Data,
        var other => throw new InvalidOperationException($"/{key} is a {other.GetType().Name}."),
    };

    [Fact]
    public async Task Deleting_a_document_job_deletes_its_output_document()
    {
        HttpClient client = _server.Client();
        string id = await SubmitAsync(client, SampleDocuments.Workbook(), SampleDocuments.Xlsx);
        await client.WaitAsync(id);
        BlobClient blob = new BlobContainerClient(_server.Setting("JobPipeline:Storage:ConnectionString"), _server.Setting("JobPipeline:Storage:ContainerName"))
            .GetBlobClient($"tenant-a/{id}/document");
        Assert.True((await blob.ExistsAsync()).Value);

        HttpResponseMessage deleted = await client.DeleteAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_damaged_document_fails_the_job_with_a_clear_code_and_leaves_no_output()
    {
        HttpClient client = _server.Client();

        string id = await SubmitAsync(client, SampleDocuments.Letter()[..600], SampleDocuments.Docx);
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("DOCUMENT_UNREADABLE", job["error"]!["code"]!.GetValue<string>());
        Assert.False(job["error"]!["retryable"]!.GetValue<bool>());
        BlobClient blob = new BlobContainerClient(_server.Setting("JobPipeline:Storage:ConnectionString"), _server.Setting("JobPipeline:Storage:ContainerName"))
            .GetBlobClient($"tenant-a/{id}/document");
        Assert.False((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_workbook_with_a_chart_completes_without_the_charts_values_and_one_with_an_embedded_package_fails()
    {
        HttpClient client = _server.Client();
        (byte[] embedded, string contentType) = Processing.Documents.PackagePartTests.Build("embedded package");

        string charted = await SubmitAsync(client, SamplePackages.ChartedWorkbook(), SampleDocuments.Xlsx);
        string refused = await SubmitAsync(client, embedded, contentType);
        JsonObject completed = await client.WaitAsync(charted);
        JsonObject failed = await client.WaitAsync(refused);

        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        string all = SampleDocuments.AllText(await (await client.GetAsync($"/api/jobs/{charted}/result")).Content.ReadAsByteArrayAsync());
        Assert.Contains("<c:chartSpace", all, StringComparison.Ordinal);
        foreach (string value in SamplePackages.ChartValues)
        {
            Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        }

        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal("UNSUPPORTED_DOCUMENT", failed["error"]!["code"]!.GetValue<string>());
        Assert.Contains("embedded document or workbook", failed["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(failed["error"]!["retryable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Extract_gives_markdown_inline_and_the_same_bytes_from_the_result_route()
    {
        HttpClient client = _server.Client();

        string id = await SubmitAsync(client, SampleDocuments.Report(), SampleDocuments.Docx, "?format=markdown", "extract");
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal(2, job["summary"]!["page_count"]!.GetValue<int>());
        string markdown = job["result"]!.GetValue<string>();
        Assert.Contains("# Quarterly report\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| North | 12 |", markdown, StringComparison.Ordinal);
        HttpResponseMessage download = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal("text/markdown", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(markdown, await download.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_large_extract_result_is_an_is_url_pointer()
    {
        HttpClient client = _server.Client();
        string text = string.Join("\n\n", Enumerable.Range(0, 4000).Select(i => $"Paragraph {i} with some words to make it longer."));

        string id = await SubmitAsync(client, System.Text.Encoding.UTF8.GetBytes(text), "text/plain", "?format=json", "extract");
        JsonObject job = await client.WaitAsync(id);

        JsonNode pointer = job["result"]!;
        Assert.True(pointer["is_url"]!.GetValue<bool>());
        Assert.Null(pointer["document"]);
        Assert.Equal("application/json", pointer["content_type"]!.GetValue<string>());
        string fromPointer = await new HttpClient().GetStringAsync(pointer["url"]!.GetValue<string>());
        JsonNode extracted = JsonNode.Parse(fromPointer)!;
        Assert.Equal(4000, extracted["pages"]![0]!["blocks"]!.AsArray().Count);

        // The result is the extracted JSON itself, so the result route redirects to it as for any large result.
        HttpResponseMessage download = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Found, download.StatusCode);
        Assert.Equal(fromPointer, await new HttpClient().GetStringAsync(download.Headers.Location));
    }

    private static async Task<string> SubmitAsync(HttpClient client, byte[] bytes, string contentType, string query = "", string type = "redact")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        HttpResponseMessage response = await client.PostAsync($"/api/jobs/{type}{query}", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
    }
}
