using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class ResultTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_small_result_downloads_inline_with_its_stored_content_type()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "héllo" });
        await client.WaitAsync(id);

        HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}/result");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("héllo", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_json_result_downloads_as_application_json()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.sleep", new { ms = 1 });
        await client.WaitAsync(id);

        HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}/result");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["slept"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_large_result_redirects_302_to_its_SAS_URL()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "0123456789", repeat = 10_000 });
        await client.WaitAsync(id);

        HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}/result");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        using var anonymous = new HttpClient();
        HttpResponseMessage blob = await anonymous.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, blob.StatusCode);
        Assert.Equal(100_000, (await blob.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Before_completion_and_for_failed_or_canceled_jobs_the_result_answers_409_JOB_NOT_COMPLETED()
    {
        HttpClient client = _server.Client();
        string processing = await client.SubmitIdAsync("test.sleep", new { ms = 30_000 });
        string failed = await client.SubmitIdAsync("test.broken", new { });
        await client.WaitAsync(failed);
        await WaitForStatusAsync(client, processing, "processing");
        string canceled = await client.SubmitIdAsync("test.sleep", new { ms = 30_000 });
        await client.PostAsync($"/api/jobs/{canceled}/cancel", null);

        foreach ((string id, string status) in new[] { (processing, "processing"), (failed, "failed"), (canceled, "canceled") })
        {
            HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}/result");

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            JsonObject body = await response.ReadJsonAsync();
            Assert.Equal("JOB_NOT_COMPLETED", body["error"]!["code"]!.GetValue<string>());
            Assert.Equal(status, body["error"]!["details"]!["status"]!.GetValue<string>());
        }

        await client.DeleteAsync($"/api/jobs/{processing}");
    }

    [Fact]
    public async Task A_queued_job_answers_409_on_result()
    {
        await using var idle = new PipelineFactory(_server.Azurite, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host, output: output);
        HttpClient client = idle.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "x" });

        HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}/result");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("queued", (await response.ReadJsonAsync())["error"]!["details"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_expiry_the_result_answers_410_JOB_EXPIRED()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "old" });
        await client.WaitAsync(id);
        JobTable jobs = _server.Services.GetRequiredService<JobTable>();
        await jobs.TransitionAsync(new JobRef("tenant-a", id), j => j with
        {
            Status = JobStatus.Expired,
            OutcomeBeforeExpiry = j.Status,
            ResultInline = null,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        _server.Services.GetRequiredService<TerminalJobCache>().Remove(new JobRef("tenant-a", id));

        HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}/result");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("JOB_EXPIRED", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        JsonObject job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
        Assert.Equal("expired", job["status"]!.GetValue<string>());
        Assert.False(job.ContainsKey("result"));
        Assert.Equal(3, job["summary"]!["length"]!.GetValue<int>());
        JsonObject operation = await (await client.GetAsync($"/api/operations/{id}")).ReadJsonAsync();
        Assert.Equal("Succeeded", operation["status"]!.GetValue<string>());
    }

    internal static async Task<JsonObject> WaitForStatusAsync(HttpClient client, string id, string status, double seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            JsonObject job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
            if (job["status"]!.GetValue<string>() == status)
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} is {job["status"]} after {seconds} s, not {status}");
            await Task.Delay(25);
        }
    }
}
