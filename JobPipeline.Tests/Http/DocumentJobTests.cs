using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using DocumentFormat.OpenXml.Packaging;
using JobPipeline.Tests.Processing.Documents;
using JobPipeline.Tests.Support;

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
        Assert.Equal("application/json", pointer["content_type"]!.GetValue<string>());
        JsonNode extracted = JsonNode.Parse(await new HttpClient().GetStringAsync(pointer["url"]!.GetValue<string>()))!;
        Assert.Equal(4000, extracted["pages"]![0]!["blocks"]!.AsArray().Count);
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
