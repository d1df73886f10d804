using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class SubmitAndPollTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Submit_answers_202_with_a_queued_job_and_the_polling_headers()
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await client.SubmitAsync("test.echo", new { text = "hi" }, metadata: new { order = 7 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonObject job = await response.ReadJsonAsync();
        string id = job["job_id"]!.GetValue<string>();
        Assert.Equal("queued", job["status"]!.GetValue<string>());
        Assert.Equal("test.echo", job["type"]!.GetValue<string>());
        Assert.Equal(0, job["progress"]!.GetValue<int>());
        Assert.Equal(7, job["metadata"]!["order"]!.GetValue<int>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", job["created_at"]!.GetValue<string>());
        Assert.Null(job["started_at"]);
        Assert.True(job.ContainsKey("started_at"));
        Assert.Equal(1, job["retry_after"]!.GetValue<int>());
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal($"http://localhost/api/operations/{id}", response.Headers.GetValues("Operation-Location").Single());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        Assert.False(job.ContainsKey("result"));
        Assert.False(job.ContainsKey("error"));
    }

    [Fact]
    public async Task A_submitted_job_runs_to_completed_with_its_result_inline()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "hello" });

        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("hello", job["result"]!.GetValue<string>());
        Assert.Equal(100, job["progress"]!.GetValue<int>());
        Assert.Equal(5, job["summary"]!["length"]!.GetValue<int>());
        Assert.NotNull(job["started_at"]);
        Assert.NotNull(job["completed_at"]);
        Assert.NotNull(job["expires_at"]);
        Assert.False(job.ContainsKey("retry_after"));
    }

    [Fact]
    public async Task A_result_over_the_inline_limit_comes_as_a_read_only_SAS_pointer_to_that_one_blob()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "0123456789abcdef", repeat = 10_000 });
        JsonObject job = await client.WaitAsync(id);
        using var anonymous = new HttpClient();

        JsonNode result = job["result"]!;
        Assert.True(result["is_url"]!.GetValue<bool>());
        Assert.Equal("text/plain", result["content_type"]!.GetValue<string>());
        Assert.Equal(160_000, result["size_bytes"]!.GetValue<long>());
        Assert.True(DateTimeOffset.Parse(result["url_expires_at"]!.GetValue<string>()) > DateTimeOffset.UtcNow);
        var url = new Uri(result["url"]!.GetValue<string>());

        HttpResponseMessage read = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(160_000, (await read.Content.ReadAsByteArrayAsync()).Length);

        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent("overwritten") };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(put)).StatusCode);

        Uri sibling = new UriBuilder(url) { Path = url.AbsolutePath.Replace("/result", "/input") }.Uri;
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(sibling)).StatusCode);
        Assert.Equal("0123456789abcdef", (await (await anonymous.GetAsync(url)).Content.ReadAsStringAsync())[..16]);
    }

    [Fact]
    public async Task A_processor_error_ends_the_job_failed_with_its_error_and_no_retry()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.broken", new { });

        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("BROKEN_INPUT", job["error"]!["code"]!.GetValue<string>());
        Assert.False(job["error"]!["retryable"]!.GetValue<bool>());
        Assert.False(job.ContainsKey("result"));
    }

    [Fact]
    public async Task A_processor_that_keeps_failing_transiently_ends_failed_after_the_configured_attempts()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.flaky", new { });

        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("PROCESSING_FAILED", job["error"]!["code"]!.GetValue<string>());
        Assert.Equal(3, job["error"]!["details"]!["attempts"]!.GetValue<int>());
        Assert.True(job["error"]!["retryable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_processor_that_crashes_fails_the_job_without_leaking_internals()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.crash", new { });

        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("INTERNAL_ERROR", job["error"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain("secret", job.ToJsonString());
    }

    [Fact]
    public async Task Health_answers_200_when_storage_answers_and_needs_no_key()
    {
        HttpResponseMessage response = await _server.Client(key: null).GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
    }
}
