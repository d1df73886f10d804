using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class CancelAndDeleteTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public virtual async Task A_canceled_queued_job_never_starts_even_when_a_worker_comes_up()
    {
        var idleSettings = new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" };
        string id;
        PipelineFactory idle = new(_server.Azurite, idleSettings);
        Dictionary<string, string?> names = new[] { "JobsTableName", "IndexTableName", "ContainerName", "QueueName" }
            .ToDictionary(n => "JobPipeline:Storage:" + n, n => (string?)idle.Setting("JobPipeline:Storage:" + n));
        await using (idle)
        {
            HttpClient client = idle.Client();
            id = await client.SubmitIdAsync("test.echo", new { text = "never" });

            HttpResponseMessage response = await client.PostAsync($"/api/jobs/{id}/cancel", null);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            JsonObject job = await response.ReadJsonAsync();
            Assert.Equal("canceled", job["status"]!.GetValue<string>());
            Assert.NotNull(response.Headers.ETag);
            Assert.False(job.ContainsKey("retry_after"));
        }

        await using var worker = new PipelineFactory(_server.Azurite, names, output: output);
        HttpClient workerClient = worker.Client();
        await WaitUntilAsync(async () => (await StorageCounts.ReadAsync(worker)).Messages == 0);
        JsonObject after = await (await workerClient.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();

        Assert.Equal("canceled", after["status"]!.GetValue<string>());
        Assert.Null(after["started_at"]);
        Assert.False(after.ContainsKey("result"));
    }

    [Fact]
    public async Task Canceling_a_processing_job_stops_its_processor_and_it_never_gets_a_result()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.sleep", new { ms = 60_000 });
        await ResultTests.WaitForStatusAsync(client, id, "processing");

        HttpResponseMessage response = await client.PostAsync($"/api/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("canceled", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
        // The processor observed the cancellation: its message is gone long before the 60 s sleep would end.
        await WaitUntilAsync(async () => (await StorageCounts.ReadAsync(_server)).Messages == 0, seconds: 15);
        for (int i = 0; i < 10; i++)
        {
            JsonObject job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
            Assert.Equal("canceled", job["status"]!.GetValue<string>());
            Assert.False(job.ContainsKey("result"));
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
        JsonObject operation = await (await client.GetAsync($"/api/operations/{id}")).ReadJsonAsync();
        Assert.Equal("Canceled", operation["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Canceling_a_finished_job_answers_409_JOB_ALREADY_FINISHED()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "done" });
        await client.WaitAsync(id);

        HttpResponseMessage response = await client.PostAsync($"/api/jobs/{id}/cancel", null);
        HttpResponseMessage again = await client.PostAsync($"/api/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        JsonObject body = await response.ReadJsonAsync();
        Assert.Equal("JOB_ALREADY_FINISHED", body["error"]!["code"]!.GetValue<string>());
        Assert.Equal("completed", body["error"]!["details"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("completed", (await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Canceling_a_canceled_job_answers_409()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.sleep", new { ms = 30_000 });
        await client.PostAsync($"/api/jobs/{id}/cancel", null);

        HttpResponseMessage again = await client.PostAsync($"/api/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("canceled", (await again.ReadJsonAsync())["error"]!["details"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_job_removes_its_row_and_blobs_and_its_old_SAS_URL_reads_nothing()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "0123456789", repeat = 10_000 });
        JsonObject done = await client.WaitAsync(id);
        var url = new Uri(done["result"]!["url"]!.GetValue<string>());
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url)).StatusCode);

        HttpResponseMessage response = await client.DeleteAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/operations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        StorageCounts counts = await StorageCounts.ReadAsync(_server);
        Assert.Equal(0, counts.JobRows);
        Assert.Equal(0, counts.Blobs);
        HttpResponseMessage twice = await client.DeleteAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        Assert.Equal("JOB_NOT_FOUND", (await twice.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_running_job_stops_it_and_it_never_comes_back()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.sleep", new { ms = 60_000 });
        await ResultTests.WaitForStatusAsync(client, id, "processing");

        HttpResponseMessage response = await client.DeleteAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await WaitUntilAsync(async () => (await StorageCounts.ReadAsync(_server)).Messages == 0, seconds: 15);
        await Task.Delay(500);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
        StorageCounts counts = await StorageCounts.ReadAsync(_server);
        Assert.Equal(0, counts.JobRows);
        Assert.Equal(0, counts.Blobs);
    }

    [Fact]
    public virtual async Task A_deleted_queued_job_is_never_run_nor_brought_back_by_a_worker()
    {
        var idleSettings = new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" };
        PipelineFactory idle = new(_server.Azurite, idleSettings);
        Dictionary<string, string?> names = new[] { "JobsTableName", "IndexTableName", "ContainerName", "QueueName" }
            .ToDictionary(n => "JobPipeline:Storage:" + n, n => (string?)idle.Setting("JobPipeline:Storage:" + n));
        await using (idle)
        {
            HttpClient client = idle.Client();
            HttpResponseMessage raw = await client.PostAsync("/api/jobs/test.echo", new StringContent("doc", System.Text.Encoding.UTF8, "text/plain"));
            string id = (await raw.ReadJsonAsync())["job_id"]!.GetValue<string>();

            HttpResponseMessage response = await client.DeleteAsync($"/api/jobs/{id}");

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(0, (await StorageCounts.ReadAsync(idle)).Messages); // its engine trace went with it
        }

        await using var worker = new PipelineFactory(_server.Azurite, names, output: output);
        worker.Client();
        // The message of a job whose row is gone is dropped after a few deliveries.
        await WaitUntilAsync(async () => (await StorageCounts.ReadAsync(worker)).Messages == 0, seconds: 60);
        StorageCounts counts = await StorageCounts.ReadAsync(worker);
        Assert.Equal(0, counts.JobRows);
        Assert.Equal(0, counts.Blobs);
    }

    [Fact]
    public async Task Deleting_an_unknown_job_answers_404()
    {
        HttpResponseMessage response = await _server.Client().DeleteAsync($"/api/jobs/{JobPipeline.Jobs.JobId.New(DateTimeOffset.UtcNow)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("JOB_NOT_FOUND", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, double seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Condition not met after {seconds} s");
            await Task.Delay(50);
        }
    }
}
