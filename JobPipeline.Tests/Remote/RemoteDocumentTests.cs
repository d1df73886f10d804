using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using DocumentFormat.OpenXml.Packaging;
using JobPipeline.Remote;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Remote;

/// <summary><c>input_url</c> and <c>output_url</c> end to end, against Azurite blob SAS URLs.</summary>
public sealed class RemoteDocumentTests : IAsyncLifetime
{
    private PipelineFactory _server = null!;
    private BlobContainerClient _external = null!;
    private int _redirectorPort;

    public async Task InitializeAsync()
    {
        Azurite azurite = await Azurite.Shared;
        var probe = new PipelineFactory(azurite);
        var service = new BlobServiceClient(probe.Setting("JobPipeline:Storage:ConnectionString"));
        await probe.DisposeAsync();
        _external = service.GetBlobContainerClient(Azurite.UniqueName("external"));
        await _external.CreateIfNotExistsAsync();
        var free = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        free.Start();
        _redirectorPort = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        _server = new PipelineFactory(azurite, new Dictionary<string, string?>
        {
            // Azurite and the test's redirector, listed exactly (plain http on loopback); anything under *.example.com
            // only over https at a public address, and files.example.com resolves here to a private one.
            ["JobPipeline:InputUrlHosts:0"] = $"{service.Uri.Host}:{service.Uri.Port}",
            ["JobPipeline:InputUrlHosts:1"] = "*.example.com",
            ["JobPipeline:InputUrlHosts:2"] = $"127.0.0.1:{_redirectorPort}",
        }, services => services.AddSingleton(provider => new RemoteDocuments(
            provider.GetRequiredService<IOptions<JobPipelineOptions>>(),
            (host, cancellationToken) => host == "files.example.com" ? Task.FromResult(new[] { IPAddress.Parse("10.0.0.5") }) : Dns.GetHostAddressesAsync(host, cancellationToken))));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _external.DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_document_read_from_a_blob_SAS_URL_is_redacted_and_written_to_a_container_SAS_URL()
    {
        BlobClient source = _external.GetBlobClient("in/letter.docx");
        await source.UploadAsync(new BinaryData(SampleDocuments.Letter()));
        Uri input = source.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(30));
        Uri output = _external.GenerateSasUri(BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Create, DateTimeOffset.UtcNow.AddMinutes(30));
        HttpClient client = _server.Client();

        HttpResponseMessage response = await SubmitAsync(client, "redact", SampleDocuments.Docx, input.AbsoluteUri, output.AbsoluteUri);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        JsonObject job = await client.WaitAsync(id);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        string written = job["summary"]!["output_url"]!.GetValue<string>();
        Assert.DoesNotContain("sig=", written, StringComparison.Ordinal);
        BlobClient copy = _external.GetBlobClient($"{id}.redacted.docx");
        Assert.Equal(copy.Uri.AbsoluteUri, written);
        byte[] bytes = (await copy.DownloadContentAsync()).Value.Content.ToArray();
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.StartsWith("Mail [EMAIL_ADDRESS_1]", document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        Assert.Equal(bytes, await (await client.GetAsync($"/api/jobs/{id}/result")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_private_address_under_a_wildcard_host_is_refused_when_fetched()
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await SubmitAsync(client, "extract", "text/plain", "https://files.example.com/doc.txt");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonObject job = await client.WaitAsync((await response.ReadJsonAsync())["job_id"]!.GetValue<string>());
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("INPUT_UNREADABLE", job["error"]!["code"]!.GetValue<string>());
        Assert.Contains("private, loopback or link-local", job["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_a_refused_address_is_refused_too()
    {
        using var redirector = new HttpListener();
        redirector.Prefixes.Add($"http://127.0.0.1:{_redirectorPort}/");
        redirector.Start();
        var serving = Task.Run(async () =>
        {
            HttpListenerContext context = await redirector.GetContextAsync();
            context.Response.StatusCode = 302;
            context.Response.RedirectLocation = "https://files.example.com/doc.txt";
            context.Response.Close();
        });
        HttpClient client = _server.Client();

        HttpResponseMessage response = await SubmitAsync(client, "extract", "text/plain", $"http://127.0.0.1:{_redirectorPort}/doc.txt");

        JsonObject job = await client.WaitAsync((await response.ReadJsonAsync())["job_id"]!.GetValue<string>());
        await serving.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("INPUT_UNREADABLE", job["error"]!["code"]!.GetValue<string>());
        Assert.Contains("private, loopback or link-local", job["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_blob_fails_the_job_with_INPUT_UNREADABLE()
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await SubmitAsync(client, "extract", "text/plain", _external.GetBlobClient("missing.txt").Uri.AbsoluteUri);

        JsonObject job = await client.WaitAsync((await response.ReadJsonAsync())["job_id"]!.GetValue<string>());
        Assert.Equal("INPUT_UNREADABLE", job["error"]!["code"]!.GetValue<string>());
        Assert.Contains("the server answered 4", job["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\": \"redact\", \"input_url\": \"https://evil.example.net/a.pdf\", \"options\": {\"content_type\": \"application/pdf\"}}", "input_url")]
    [InlineData("{\"type\": \"redact\", \"input_url\": \"http://files.example.com/a.pdf\", \"options\": {\"content_type\": \"application/pdf\"}}", "input_url")]
    [InlineData("{\"type\": \"redact\", \"input_url\": \"https://files.example.com/a.pdf\"}", "options.content_type")]
    [InlineData("{\"type\": \"redact\", \"input\": {\"text\": \"x\"}, \"input_url\": \"https://files.example.com/a.pdf\", \"options\": {\"content_type\": \"application/pdf\"}}", "input")]
    [InlineData("{\"type\": \"redact\", \"input\": {\"text\": \"x\"}, \"output_url\": \"https://evil.example.net/c?sig=1\"}", "output_url")]
    public async Task Refused_urls_and_missing_content_types_answer_400_naming_the_field(string body, string field)
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await client.PostAsync("/api/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.ReadJsonAsync())["error"]!["details"]!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("mask", "{\"mask\": [{\"token_name\": \"email\", \"value\": \"jane@example.com\"}]}")]
    [InlineData("unmask", "{\"unmask\": [{\"token_value\": \"tok_x\"}]}")]
    public async Task Output_url_on_a_job_sealed_at_rest_is_refused_at_submit_and_nothing_is_written(string type, string input)
    {
        Uri output = _external.GenerateSasUri(BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Create, DateTimeOffset.UtcNow.AddMinutes(30));
        var body = new JsonObject { ["type"] = type, ["input"] = JsonNode.Parse(input), ["output_url"] = output.AbsoluteUri };
        HttpClient client = _server.Client();

        HttpResponseMessage response = await client.PostAsync("/api/jobs", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        JsonNode error = (await response.ReadJsonAsync())["error"]!;
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.Equal("output_url", error["details"]!["field"]!.GetValue<string>());
        Assert.Contains("sealed", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await (await client.GetAsync($"/api/jobs?type={type}")).ReadJsonAsync())["data"]!.AsArray());
        await foreach (BlobItem blob in _external.GetBlobsAsync())
        {
            Assert.Fail($"Nothing may be written to output_url, found {blob.Name}.");
        }
    }

    [Fact]
    public async Task With_no_hosts_configured_input_url_is_refused()
    {
        await using var plain = new PipelineFactory(_server.Azurite);
        HttpClient client = plain.Client();

        HttpResponseMessage response = await client.PostAsync("/api/jobs", new StringContent(
            "{\"type\": \"redact\", \"input_url\": \"https://acct.blob.core.windows.net/c/b\", \"options\": {\"content_type\": \"text/plain\"}}",
            System.Text.Encoding.UTF8,
            "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not enabled", (await response.ReadJsonAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string type, string contentType, string inputUrl, string? outputUrl = null)
    {
        var body = new JsonObject { ["type"] = type, ["input_url"] = inputUrl, ["options"] = new JsonObject { ["content_type"] = contentType } };
        if (outputUrl is not null)
        {
            body["output_url"] = outputUrl;
        }

        return client.PostAsync("/api/jobs", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
    }
}
