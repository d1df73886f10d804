using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class RawSubmitTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_raw_document_is_stored_in_blob_storage_with_its_content_type_and_options_from_the_query()
    {
        HttpClient client = _server.Client();
        var content = new StringContent("a raw document", Encoding.UTF8, "text/plain");

        HttpResponseMessage response = await client.PostAsync("/api/jobs/test.echo?flag=true&n=2&name=x", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonObject job = await response.ReadJsonAsync();
        string id = job["job_id"]!.GetValue<string>();
        Assert.Equal("test.echo", job["type"]!.GetValue<string>());
        Assert.StartsWith("http://localhost/api/operations/", response.Headers.GetValues("Operation-Location").Single(), StringComparison.Ordinal);
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location!.OriginalString);
        BlobClient blob = new BlobContainerClient(_server.Setting("JobPipeline:Storage:ConnectionString"), _server.Setting("JobPipeline:Storage:ContainerName")).GetBlobClient($"tenant-a/{id}/input");
        Azure.Storage.Blobs.Models.BlobProperties properties = (await blob.GetPropertiesAsync()).Value;
        Assert.StartsWith("text/plain", properties.ContentType, StringComparison.Ordinal);
        var row = (Storage.JobTable)_server.Services.GetService(typeof(Storage.JobTable))!;
        JobPipeline.Jobs.JobRecord record = (await row.GetAsync(new JobPipeline.Jobs.JobRef("tenant-a", id)))!;
        Assert.Null(record.InputInline);
        Assert.True(record.InputInBlob);
        JsonObject options = JsonNode.Parse(record.OptionsJson)!.AsObject();
        Assert.True(options["flag"]!.GetValue<bool>());
        Assert.Equal(2, options["n"]!.GetValue<int>());
        Assert.Equal("x", options["name"]!.GetValue<string>());
        JsonObject done = await client.WaitAsync(id);
        Assert.Equal("a raw document", done["result"]!.GetValue<string>());
    }

    public static TheoryData<string, byte[], int, int> UndecodableJsonDocuments
    {
        get
        {
            byte[] farDown = [.. Encoding.UTF8.GetBytes("[" + string.Concat(Enumerable.Repeat("\"padding padding\",\n", 9000))), .. "  \"x"u8, 0xC3, 0x28, .. "\"]"u8];
            return new()
            {
                { "invalid UTF-8 in a value", [.. "{\n  \"a\": \"ok\",\n  \"b\": \"x"u8, 0xFF, .. "\"\n}"u8], 3, 8 },
                { "lone low surrogate escape in a value", "{\"a\": \"\\udc00\"}"u8.ToArray(), 1, 7 },
                { "lone high surrogate escape in a property name", "{\n\"\\ud800\": 1}"u8.ToArray(), 2, 1 },
                { "overlong sequence in a property name", [.. "{\"a\": 1, \""u8, 0xC0, 0xAF, .. "\": 2}"u8], 1, 10 },
                { "invalid UTF-8 past the first 64 KiB read", farDown, 9001, 3 },
            };
        }
    }

    [Theory]
    [MemberData(nameof(UndecodableJsonDocuments))]
    public async Task A_JSON_document_whose_strings_do_not_decode_fails_redact_with_INVALID_JSON_and_its_position(string name, byte[] document, int line, int column)
    {
        HttpClient client = _server.Client();
        var content = new ByteArrayContent(document) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        HttpResponseMessage response = await client.PostAsync("/api/jobs/redact", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        JsonObject job = await client.WaitAsync((await response.ReadJsonAsync())["job_id"]!.GetValue<string>(), seconds: 60);

        Assert.True(job["status"]!.GetValue<string>() == "failed", $"{name}: {job.ToJsonString()}");
        Assert.Equal("INVALID_JSON", job["error"]!["code"]!.GetValue<string>());
        Assert.False(job["error"]!["retryable"]!.GetValue<bool>());
        Assert.Equal(line, job["error"]!["details"]!["line"]!.GetValue<int>());
        Assert.Equal(column, job["error"]!["details"]!["column"]!.GetValue<int>());
    }

    [Fact]
    public virtual async Task The_queue_message_carries_only_the_job_reference_never_the_input()
    {
        await using var idle = new PipelineFactory(_server.Azurite, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host, output: output);
        HttpClient client = idle.Client();
        await client.PostAsync("/api/jobs/test.echo", new StringContent("TOP-SECRET-DOCUMENT", Encoding.UTF8, "text/plain"));
        var queue = new Azure.Storage.Queues.QueueClient(idle.Setting("JobPipeline:Storage:ConnectionString"), idle.Setting("JobPipeline:Storage:QueueName"));

        Azure.Storage.Queues.Models.PeekedMessage message = (await queue.PeekMessagesAsync(1)).Value.Single();

        Assert.DoesNotContain("TOP-SECRET", message.Body.ToString(), StringComparison.Ordinal);
        Assert.True(message.Body.ToArray().Length < 200);
    }

    [Fact]
    public async Task An_unsupported_content_type_answers_415()
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await client.PostAsync("/api/jobs/test.echo", new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        JsonObject body = await response.ReadJsonAsync();
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", body["error"]!["code"]!.GetValue<string>());
        Assert.Contains("text/plain", body["error"]!["details"]!["accepted"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Include_input_gives_a_raw_document_as_a_pointer_and_a_json_input_as_json()
    {
        HttpClient client = _server.Client();
        HttpResponseMessage raw = await client.PostAsync("/api/jobs/test.echo", new StringContent("the document", Encoding.UTF8, "text/plain"));
        string rawId = (await raw.ReadJsonAsync())["job_id"]!.GetValue<string>();
        string jsonId = await client.SubmitIdAsync("test.echo", new { text = "json input", repeat = 1 });

        JsonObject rawJob = await (await client.GetAsync($"/api/jobs/{rawId}?include=input")).ReadJsonAsync();
        JsonObject jsonJob = await (await client.GetAsync($"/api/jobs/{jsonId}?include=input")).ReadJsonAsync();
        JsonObject plain = await (await client.GetAsync($"/api/jobs/{jsonId}")).ReadJsonAsync();

        Assert.True(rawJob["input"]!["is_url"]!.GetValue<bool>());
        Assert.Equal("text/plain", rawJob["input"]!["content_type"]!.GetValue<string>());
        using var anonymous = new HttpClient();
        Assert.Equal("the document", await anonymous.GetStringAsync(rawJob["input"]!["url"]!.GetValue<string>()));
        Assert.Equal("json input", jsonJob["input"]!["text"]!.GetValue<string>());
        Assert.Equal(1, jsonJob["input"]!["repeat"]!.GetValue<int>());
        Assert.False(plain.ContainsKey("input"));
    }

    [Fact]
    public async Task A_large_json_input_is_kept_in_blob_storage_and_still_returned_as_json()
    {
        HttpClient client = _server.Client();
        string text = new('x', 40_000);
        string id = await client.SubmitIdAsync("test.echo", new { text });

        JsonObject job = await (await client.GetAsync($"/api/jobs/{id}?include=input")).ReadJsonAsync();

        Assert.Equal(text, job["input"]!["text"]!.GetValue<string>());
    }
}
